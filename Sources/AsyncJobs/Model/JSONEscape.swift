/// The escape after a backslash in a JSON string: `\" \\ \/ \b \f \n \r \t \uXXXX`, a surrogate pair as
/// one scalar. One reading serves the fast record scanner (``JSONScanner``) and the import's line parser,
/// which differ only in the error each raises.
enum JSONEscape {
    /// What is wrong with an escape.
    enum Failure: Error {
        case unterminated
        case invalidEscape
        case invalidUnicodeEscape
        case unpairedSurrogate
    }

    /// Decodes the escape whose code (the byte after the backslash) is at `index` of `bytes`, appending its
    /// UTF-8 to `text`; `index` ends after the escape.
    static func decode(_ bytes: [UInt8], at index: inout Int, into text: inout [UInt8]) throws(Failure) {
        guard index < bytes.count else { throw .unterminated }
        let code = bytes[index]
        index += 1
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(code)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(bytes, at: &index)
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one; together they name one scalar.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw .unpairedSurrogate }
                index += 2
                let low = try hex4(bytes, at: &index)
                guard (0xDC00..<0xE000).contains(low) else { throw .unpairedSurrogate }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw .unpairedSurrogate
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw .invalidUnicodeEscape }
            text.append(contentsOf: String(unicode).utf8)
        default:
            throw .invalidEscape
        }
    }

    private static func hex4(_ bytes: [UInt8], at index: inout Int) throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw .invalidUnicodeEscape }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidUnicodeEscape
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }
}
