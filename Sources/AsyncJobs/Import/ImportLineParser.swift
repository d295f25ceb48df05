/// Reads one JSON object line of a task import: `{"type", "payload"?, "id"?, "deadline"?, "max_tries"?}`.
///
/// Hand-written because a million lines through `JSONDecoder` took most of a minute: this scans each line
/// once, validates all of it as JSON, decodes only the few strings it needs, and keeps the payload as the
/// exact bytes of its value (no decode and re-encode).
struct ImportLineParser {
    /// What a line says; nil fields were absent or `null`.
    struct Fields {
        var type: String?
        /// The payload value's bytes, exactly as written.
        var payload: [UInt8]?
        var id: String?
        var deadline: String?
        var maxTries: Int?
    }

    /// Why a line is not acceptable.
    typealias Failure = TaskImport.LineError

    private let bytes: [UInt8]
    private var index = 0
    /// Deep enough for any real payload, shallow enough never to exhaust the stack.
    private static let maximumDepth = 512

    /// Parses `line` (without its newline).
    static func parse(_ line: some Collection<UInt8>) throws(Failure) -> Fields {
        var parser = ImportLineParser(bytes: Array(line))
        return try parser.object()
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func object() throws(Failure) -> Fields {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw Failure(reason: "not valid UTF-8") }
        skipWhitespace()
        guard peek == UInt8(ascii: "{") else { throw Failure(reason: "not a JSON object") }
        index += 1
        var fields = Fields()
        // JSON leaves repeated keys to the reader; keeping the last silently would hide a mistake.
        var keys: [String] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else { throw syntaxError("expected a key") }
                let key = try string()
                guard !keys.contains(key) else { throw Failure(reason: "key \"\(key)\" appears more than once") }
                keys.append(key)
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                try field(key, into: &fields)
                skipWhitespace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"))
                break
            }
        }
        skipWhitespace()
        guard index == bytes.count else { throw syntaxError("unexpected text after the object") }
        return fields
    }

    private mutating func field(_ key: String, into fields: inout Fields) throws(Failure) {
        switch key {
        case "type": fields.type = try optionalString(key)
        case "id": fields.id = try optionalString(key)
        case "deadline": fields.deadline = try optionalString(key)
        case "max_tries":
            if try skipNull() { fields.maxTries = nil; return }
            let start = index
            guard let first = peek, first == UInt8(ascii: "-") || isDigit(first) else {
                throw Failure(reason: "\"max_tries\" must be an integer")
            }
            try skipNumber()
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let value = Int(text) else { throw Failure(reason: "\"max_tries\" must be an integer") }
            fields.maxTries = value
        case "payload":
            if try skipNull() { fields.payload = nil; return }
            let start = index
            try skipValue(depth: 0)
            fields.payload = Array(bytes[start..<index])
        default:
            throw Failure(reason: "unknown key \"\(key)\" (allowed: type, payload, id, deadline, max_tries)")
        }
    }

    private mutating func optionalString(_ key: String) throws(Failure) -> String? {
        if try skipNull() { return nil }
        guard peek == UInt8(ascii: "\"") else { throw Failure(reason: "\"\(key)\" must be a string") }
        return try string()
    }

    // MARK: Scanning

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func syntaxError(_ what: String) -> Failure {
        Failure(reason: "invalid JSON at column \(index + 1): \(what)")
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard peek == byte else { throw syntaxError("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    /// Skips a `null` literal if one is next.
    private mutating func skipNull() throws(Failure) -> Bool {
        guard peek == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
              word.withUTF8Buffer({ bytes[index..<index + count].elementsEqual($0) }) else {
            throw syntaxError("expected \(word)")
        }
        index += count
    }

    private mutating func skipValue(depth: Int) throws(Failure) {
        guard depth < Self.maximumDepth else { throw syntaxError("nested too deeply") }
        guard let next = peek else { throw syntaxError("expected a value") }
        switch next {
        case UInt8(ascii: "{"):
            index += 1
            skipWhitespace()
            if peek == UInt8(ascii: "}") { index += 1; return }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else { throw syntaxError("expected a key") }
                try skipString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                return try expect(UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            index += 1
            skipWhitespace()
            if peek == UInt8(ascii: "]") { index += 1; return }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                return try expect(UInt8(ascii: "]"))
            }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw syntaxError("expected a value")
        }
    }

    /// A number by JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func skipNumber() throws(Failure) {
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let first = peek, isDigit(first) else { throw syntaxError("expected a number") }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard let digit = peek, isDigit(digit) else { throw syntaxError("expected a digit") }
            skipDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard let digit = peek, isDigit(digit) else { throw syntaxError("expected a digit") }
            skipDigits()
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while let byte = peek, isDigit(byte) { index += 1 }
    }

    private mutating func skipString() throws(Failure) {
        _ = try scanString(decoding: false)
    }

    private mutating func string() throws(Failure) -> String {
        try scanString(decoding: true)
    }

    /// Scans a string starting at its opening quote, validating escapes; returns its decoded value when
    /// `decoding` (else "").
    private mutating func scanString(decoding: Bool) throws(Failure) -> String {
        index += 1
        let start = index
        var decoded: [UInt8] = []
        var escaped = false
        while true {
            guard let byte = peek else { throw syntaxError("unterminated string") }
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x20 else { throw syntaxError("control character in a string") }
            guard byte == UInt8(ascii: "\\") else {
                if escaped && decoding { decoded.append(byte) }
                index += 1
                continue
            }
            if !escaped && decoding { decoded.append(contentsOf: bytes[start..<index]) }
            escaped = true
            index += 1
            do throws(JSONEscape.Failure) {
                try JSONEscape.decode(bytes, at: &index, into: &decoded)
            } catch {
                switch error {
                case .unterminated: throw syntaxError("unterminated string")
                case .invalidEscape: throw syntaxError("invalid escape")
                case .invalidUnicodeEscape: throw syntaxError("invalid \\u escape")
                case .unpairedSurrogate: throw syntaxError("unpaired surrogate")
                }
            }
        }
        let end = index
        index += 1
        guard decoding else { return "" }
        return escaped ? String(decoding: decoded, as: UTF8.self) : String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
