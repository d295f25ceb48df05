import Foundation

/// Reads keys as asyncjobs does: hex text, given directly or as the path of a file holding it.
enum HexKey {
    /// The bytes of `text` (surrounding whitespace ignored), or of the file it names when one exists;
    /// `invalidKey` unless they are hex of one of `lengths` bytes.
    static func bytes(_ text: String, lengths: Set<Int>, what: String) throws(TaskSignatureError) -> [UInt8] {
        var hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if FileManager.default.fileExists(atPath: hex) {
            guard let contents = FileManager.default.contents(atPath: hex) else {
                throw .invalidKey("cannot read the \(what) file \(hex)")
            }
            hex = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let bytes = decode(hex), lengths.contains(bytes.count) else {
            let sizes = lengths.sorted().map { "\($0 * 2)" }.joined(separator: " or ")
            throw .invalidKey("a \(what) is \(sizes) hex digits (or a file holding them)")
        }
        return bytes
    }

    /// Lowercase hex of `bytes`.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The bytes of an even-length hex string, or nil.
    static func decode(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
