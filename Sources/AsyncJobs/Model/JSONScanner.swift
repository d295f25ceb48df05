/// Reads JSON straight from its bytes, value by value, without building a tree or going through
/// `Decoder`: the fast path of decoders for records read by the hundred thousand (a store's task records at
/// open). It reads the common forms only; anything else (a fraction or exponent, a duplicate member, bytes
/// that are not JSON) throws ``Unusual``, and the caller decodes the record with `JSONDecoder` instead,
/// which then accepts it or says what is wrong.
public struct JSONScanner {
    /// The input had a form this scanner leaves to `JSONDecoder`.
    public struct Unusual: Error, Sendable {
        /// The error a record decoder throws for a form it leaves to `JSONDecoder`.
        public init() {}
    }

    private let bytes: [UInt8]
    private var index: Int

    /// A scanner at the start of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = 0
    }

    /// Throws unless only whitespace is left.
    public mutating func expectEnd() throws(Unusual) {
        skipWhitespace()
        guard index == bytes.count else { throw Unusual() }
    }

    /// Reads an object, handing each member's key (its UTF-8 bytes: compare them with `elementsEqual`) to
    /// `member`, which must read the value.
    public mutating func object(_ member: (inout JSONScanner, ArraySlice<UInt8>) throws(Unusual) -> Void) throws(Unusual) {
        skipWhitespace()
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { index += 1; return }
        while true {
            skipWhitespace()
            let key = try rawKey()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
            skipWhitespace()
            let next = try take()
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw Unusual() }
        }
    }

    /// Reads an array, calling `element` to read each element.
    public mutating func array(_ element: (inout JSONScanner) throws(Unusual) -> Void) throws(Unusual) {
        skipWhitespace()
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { index += 1; return }
        while true {
            try element(&self)
            skipWhitespace()
            let next = try take()
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw Unusual() }
        }
    }

    /// Consumes `null` when it comes next; false (and nothing consumed) otherwise.
    public mutating func null() -> Bool {
        skipWhitespace()
        guard matches("null") else { return false }
        index += 4
        return true
    }

    /// A string, its escapes resolved.
    public mutating func string() throws(Unusual) -> String {
        skipWhitespace()
        try expect(UInt8(ascii: "\""))
        let start = index
        if try plainRun() { return try escapedString(from: start) }
        defer { index += 1 }
        return try validated(bytes[start..<index])
    }

    /// The raw bytes of the string that comes next, which must have no escapes (an RFC 3339 time, base64).
    public mutating func plainString() throws(Unusual) -> ArraySlice<UInt8> {
        skipWhitespace()
        try expect(UInt8(ascii: "\""))
        let start = index
        guard try !plainRun() else { throw Unusual() }
        defer { index += 1 }
        return bytes[start..<index]
    }

    /// An RFC 3339 time string, as ``Timestamp``'s `Codable` form reads it.
    public mutating func time() throws(Unusual) -> Timestamp {
        guard let time = Timestamp(rfc3339UTF8: try plainString()) else { throw Unusual() }
        return time
    }

    /// An integer without fraction or exponent that fits in `Int64`.
    public mutating func integer() throws(Unusual) -> Int64 {
        skipWhitespace()
        let negative = peek() == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        var value: Int64 = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let digit = Int64(bytes[index] - UInt8(ascii: "0"))
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = scaled.addingReportingOverflow(negative ? -digit : digit)
            guard !overflow, !carry else { throw Unusual() }
            value = sum
            index += 1
        }
        // No digits, a leading zero, or a fraction or exponent that JSONDecoder would judge.
        guard index > start, bytes[start] != UInt8(ascii: "0") || index == start + 1 else { throw Unusual() }
        if let next = peek(), next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            throw Unusual()
        }
        return value
    }

    /// `true` or `false`.
    public mutating func bool() throws(Unusual) -> Bool {
        skipWhitespace()
        if matches("true") { index += 4; return true }
        if matches("false") { index += 5; return false }
        throw Unusual()
    }

    /// Any value, as ``JSONValue`` decodes it (integers as `.integer`; a fraction or exponent throws).
    public mutating func value() throws(Unusual) -> JSONValue {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            try object { (scanner, key) throws(Unusual) in
                let name = try Self.keyString(key)
                guard members.updateValue(try scanner.value(), forKey: name) == nil else { throw Unusual() }
            }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try array { (scanner) throws(Unusual) in elements.append(try scanner.value()) }
            return .array(elements)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try bool())
        case UInt8(ascii: "n"):
            guard null() else { throw Unusual() }
            return .null
        default: return .integer(try integer())
        }
    }

    /// Reads and drops the value that comes next.
    public mutating func skipValue() throws(Unusual) {
        _ = try value()
    }

    /// A key's bytes as a string.
    public static func keyString(_ key: ArraySlice<UInt8>) throws(Unusual) -> String {
        guard let text = String(validating: key, as: UTF8.self) else { throw Unusual() }
        return text
    }

    // MARK: Bytes

    /// A key's bytes, its escapes resolved (a copy only when it has any).
    private mutating func rawKey() throws(Unusual) -> ArraySlice<UInt8> {
        try expect(UInt8(ascii: "\""))
        let start = index
        if try plainRun() { return Array(try escapedString(from: start).utf8)[...] }
        defer { index += 1 }
        return bytes[start..<index]
    }

    /// Moves over a string's bytes up to its first backslash (true) or its closing quote (false), consuming
    /// neither; a control byte or the end of the input throws.
    private mutating func plainRun() throws(Unusual) -> Bool {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""): return false
            case UInt8(ascii: "\\"): return true
            case 0..<0x20: throw Unusual()
            default: index += 1
            }
        }
        throw Unusual()
    }

    /// The rest of a string with escapes, from its first byte at `start`.
    private mutating func escapedString(from start: Int) throws(Unusual) -> String {
        var text = Array(bytes[start..<index])
        while true {
            let byte = try take()
            switch byte {
            case UInt8(ascii: "\""): return try validated(text[...])
            case UInt8(ascii: "\\"):
                do throws(JSONEscape.Failure) {
                    try JSONEscape.decode(bytes, at: &index, into: &text)
                } catch {
                    throw Unusual()
                }
            default:
                guard byte >= 0x20 else { throw Unusual() }
                text.append(byte)
            }
        }
    }

    private func validated(_ text: ArraySlice<UInt8>) throws(Unusual) -> String {
        guard let string = String(validating: text, as: UTF8.self) else { throw Unusual() }
        return string
    }

    private func matches(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return word.withUTF8Buffer { bytes[index..<index + count].elementsEqual($0) }
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func take() throws(Unusual) -> UInt8 {
        guard index < bytes.count else { throw Unusual() }
        defer { index += 1 }
        return bytes[index]
    }

    private mutating func expect(_ byte: UInt8) throws(Unusual) {
        guard try take() == byte else { throw Unusual() }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }
}
