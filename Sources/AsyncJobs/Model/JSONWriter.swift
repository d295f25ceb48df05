/// Writes compact JSON with keys in the order given, because asyncjobs' wire format has a fixed field order
/// and Foundation's encoder on Linux does not keep one.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    /// An empty writer.
    package init() {}

    package mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    package mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma.removeLast() }
    package mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    package mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma.removeLast() }

    /// Writes `"key":`; the value written next belongs to it.
    package mutating func key(_ key: String) {
        separate()
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    package mutating func string(_ value: String) { separate(); writeString(value) }
    package mutating func raw(_ text: String) { separate(); bytes.append(contentsOf: text.utf8) }
    package mutating func null() { raw("null") }
    package mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }
    package mutating func integer(_ value: some BinaryInteger) { raw(String(value)) }

    /// A finite double in its shortest round-tripping form; non-finite numbers (not JSON) become null.
    package mutating func number(_ value: Double) {
        guard value.isFinite else { return null() }
        if value == value.rounded(), abs(value) < 1e15 { raw(String(Int64(value))) } else { raw("\(value)") }
    }

    /// A comma before every element but the first of its container.
    private mutating func separate() {
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func writeString(_ value: String) { Self.appendQuoted(value, to: &bytes, goEscapes: false) }

    /// Appends `text` as a JSON string, copying its UTF-8 bytes and escaping only what JSON requires (byte
    /// by byte: every record write goes through here); with `goEscapes` also `<`, `>`, `&`, U+2028 and
    /// U+2029, as Go's encoding/json writes strings.
    package static func appendQuoted(_ text: String, to out: inout [UInt8], goEscapes: Bool) {
        out.append(UInt8(ascii: "\""))
        let bytes = text.utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20: appendUnicodeEscape(UInt16(byte), to: &out)
            case UInt8(ascii: "<") where goEscapes, UInt8(ascii: ">") where goEscapes, UInt8(ascii: "&") where goEscapes:
                appendUnicodeEscape(UInt16(byte), to: &out)
            case 0xE2 where goEscapes:
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
                var rest = bytes[index...].prefix(2).makeIterator()
                if rest.next() == 0x80, let last = rest.next(), last == 0xA8 || last == 0xA9 {
                    appendUnicodeEscape(0x2000 | UInt16(last - 0xA8 + 0x28), to: &out)
                    index = bytes.index(index, offsetBy: 2)
                } else {
                    out.append(byte)
                }
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `\uXXXX`, lowercase hex.
    private static func appendUnicodeEscape(_ code: UInt16, to out: inout [UInt8]) {
        out.append(contentsOf: #"\u"#.utf8)
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hexDigits[Int((code >> UInt16(shift)) & 0xF)]) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
