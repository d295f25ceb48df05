/// Reads a PubAck reply: the common success form by hand, everything else (errors, unusual shapes) through the
/// JSON decoder.
///
/// A windowed publisher reads one of these per message, and the common form is tiny and fixed
/// (`{"stream":"S","seq":N}`, a space after the comma on 2.9, `"duplicate":true` and `"domain"` optional),
/// so a scan costs far less than a `JSONDecoder` round.
enum PubAckParser {
    static func parse(_ payload: [UInt8]) throws -> PubAck {
        if let ack = fastPath(payload) { return ack }
        return try JetStreamJSON.decodeReply(PubAck.self, from: payload)
    }

    /// The ack when `payload` is a plain success without escapes, else nil (the decoder then decides).
    static func fastPath(_ payload: [UInt8]) -> PubAck? {
        guard payload.first == UInt8(ascii: "{"), payload.last == UInt8(ascii: "}"),
              !payload.contains(UInt8(ascii: "\\")), !containsKey(payload, "error") else { return nil }
        guard let stream = stringValue(payload, key: "stream"), let sequence = numberValue(payload, key: "seq") else {
            return nil
        }
        let duplicate = containsKey(payload, "duplicate") ? literalValue(payload, key: "duplicate") == "true" : false
        return PubAck(stream: stream, sequence: sequence, duplicate: duplicate,
                      domain: stringValue(payload, key: "domain"))
    }

    private static func containsKey(_ payload: [UInt8], _ key: String) -> Bool { valueStart(payload, key: key) != nil }

    /// The index just past `"key":` and any spaces.
    private static func valueStart(_ payload: [UInt8], key: String) -> Int? {
        let needle = Array("\"\(key)\"".utf8)
        guard payload.count > needle.count else { return nil }
        var index = 0
        while index + needle.count <= payload.count {
            if payload[index] == needle[0], Array(payload[index..<index + needle.count]) == needle {
                var cursor = index + needle.count
                while cursor < payload.count, payload[cursor] == UInt8(ascii: " ") { cursor += 1 }
                // A value that spells the key (a stream named "seq") is followed by `,` or `}`: keep looking.
                if cursor < payload.count, payload[cursor] == UInt8(ascii: ":") {
                    cursor += 1
                    while cursor < payload.count, payload[cursor] == UInt8(ascii: " ") { cursor += 1 }
                    return cursor < payload.count ? cursor : nil
                }
            }
            index += 1
        }
        return nil
    }

    private static func stringValue(_ payload: [UInt8], key: String) -> String? {
        guard let start = valueStart(payload, key: key), payload[start] == UInt8(ascii: "\"") else { return nil }
        guard let end = payload[(start + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: payload[(start + 1)..<end], as: UTF8.self)
    }

    private static func numberValue(_ payload: [UInt8], key: String) -> UInt64? {
        guard let start = valueStart(payload, key: key) else { return nil }
        var value: UInt64 = 0
        var cursor = start
        while cursor < payload.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(payload[cursor]) {
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(UInt64(payload[cursor] - UInt8(ascii: "0")))
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
            cursor += 1
        }
        return cursor > start ? value : nil
    }

    private static func literalValue(_ payload: [UInt8], key: String) -> String? {
        guard let start = valueStart(payload, key: key) else { return nil }
        let end = payload[start...].firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") } ?? payload.count
        return String(decoding: payload[start..<end], as: UTF8.self).trimmingSpaces
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
