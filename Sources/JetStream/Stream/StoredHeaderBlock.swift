import NATS

/// Reads the header block a stream stored with a message (`hdrs` of `STREAM.MSG.GET`, base64-decoded):
/// `NATS/1.0\r\n` then `Name: Value\r\n` lines then `\r\n`. Stored blocks carry no status line.
enum StoredHeaderBlock {
    /// The headers of `block`, or nil when it holds no fields; a block that is not ADR-4 is an invalid response.
    static func parse(_ block: [UInt8]) throws -> NATSHeaders? {
        let text = String(decoding: block, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: true)
        guard let first = lines.first, first.hasPrefix("NATS/") else {
            throw JetStreamError.invalidResponse("stored headers do not start with NATS/1.0")
        }
        lines.removeFirst()
        var headers = NATSHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers.append(String(line[..<colon]), String(value))
        }
        return headers.isEmpty ? nil : headers
    }
}
