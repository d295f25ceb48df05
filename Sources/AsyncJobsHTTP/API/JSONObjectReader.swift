import AsyncJobs
import Foundation

/// Reads a request body that must be one JSON object with known fields of the right types, so a bad
/// request fails with the field it got wrong before anything is written.
struct JSONObjectReader {
    private let members: [String: JSONValue]

    /// Parses `body`; `invalid_json` unless it is a JSON object, `unknown_field` for a name not in `allowed`.
    init(body: [UInt8], allowed: Set<String>) throws(APIError) {
        let value: JSONValue
        do {
            value = try JSONValue(json: Data(body))
        } catch {
            throw .invalid("the body is not valid JSON", reason: "invalid_json")
        }
        guard case .object(let members) = value else { throw .invalid("the body must be a JSON object", reason: "invalid_json") }
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .invalid("unknown field \"\(unknown)\"", reason: "unknown_field", field: unknown)
        }
        self.members = members
    }

    /// Whether the field is given, even as null.
    func has(_ name: String) -> Bool { members[name] != nil }

    /// The field's value as given (null included), if given.
    func value(_ name: String) -> JSONValue? { members[name] }

    func string(_ name: String) throws(APIError) -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else { throw wrongType(name, "a string") }
        return text
    }

    /// An integer within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let value = value(name) else { return nil }
        guard case .integer(let number) = value, let int = Int(exactly: number) else { throw wrongType(name, "an integer") }
        guard range.contains(int) else {
            throw .invalid("\(name) must be from \(range.lowerBound) to \(range.upperBound), got \(int)", reason: "out_of_range", field: name)
        }
        return int
    }

    func bool(_ name: String) throws(APIError) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(name, "true or false") }
        return flag
    }

    func strings(_ name: String) throws(APIError) -> [String]? {
        guard let value = value(name) else { return nil }
        guard case .array(let items) = value else { throw wrongType(name, "an array of strings") }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw wrongType(name, "an array of strings") }
            strings.append(text)
        }
        return strings
    }

    /// A Go duration string such as `30s` or `1h30m`.
    func duration(_ name: String) throws(APIError) -> Duration? {
        guard let text = try string(name) else { return nil }
        guard let duration = APIFormats.duration(text) else {
            throw .invalid("\(name) must be a duration such as 30s, 5m or 1h, got \"\(text)\"", reason: "invalid_duration", field: name)
        }
        return duration
    }

    /// An RFC 3339 time.
    func time(_ name: String) throws(APIError) -> Timestamp? {
        guard let text = try string(name) else { return nil }
        guard let time = APIFormats.time(text) else {
            throw .invalid("\(name) must be an RFC 3339 time, got \"\(text)\"", reason: "invalid_time", field: name)
        }
        return time
    }

    /// The payload of a create request: `payload` (any JSON, stored as its JSON text; null is none) or
    /// `payload_base64` (the bytes), never both.
    func payload() throws(APIError) -> Data? {
        if has("payload") && has("payload_base64") {
            throw .invalid("payload and payload_base64 are mutually exclusive", reason: "payload_both_set", field: "payload")
        }
        // A null payload is no payload, as asyncjobs stores it.
        if let value = value("payload"), value != .null { return value.jsonData }
        guard let base64 = try string("payload_base64") else { return nil }
        guard let bytes = Data(base64Encoded: base64) else {
            throw .invalid("payload_base64 is not standard base64", reason: "invalid_base64", field: "payload_base64")
        }
        return bytes
    }

    private func wrongType(_ name: String, _ expected: String) -> APIError {
        .invalid("\(name) must be \(expected)", reason: "wrong_type", field: name)
    }
}
