import NIOCore

/// The ADR-4 header block: `NATS/1.0[ status[ description]]\r\n`, `Name: Value\r\n` lines, then `\r\n`.
enum HeaderBlock {
    /// What a parsed header block holds.
    struct Parsed: Equatable {
        var headers: NATSHeaders?
        var status: Int?
        var statusDescription: String?
    }

    /// The byte count of the block for `headers`, as `HPUB` must announce it.
    static func encodedLength(_ headers: NATSHeaders) -> Int {
        var length = 10 + 2  // "NATS/1.0\r\n" and the closing "\r\n"
        for field in headers.fields {
            length += field.name.utf8.count + 2 + field.value.utf8.count + 2
        }
        return length
    }

    static func write(_ headers: NATSHeaders, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("NATS/1.0\r\n")
        for field in headers.fields {
            buffer.writeString(field.name)
            buffer.writeStaticString(": ")
            buffer.writeString(field.value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
    }

    /// Parses a complete block. A block that does not start with `NATS/` is a protocol error; lines without a
    /// colon are skipped rather than failing the whole connection over one odd publisher. Read from the raw
    /// bytes: nearly every JetStream delivery has a block, and slices of a `ByteBufferView` retained and
    /// released the buffer at every step.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(NATSError) -> Parsed {
        var lines = LineSplitter(bytes: bytes[...])
        guard let first = lines.next(), first.starts(with: versionPrefix) else {
            throw .protocol("header block does not start with NATS/1.0")
        }
        var parsed = Parsed()
        if let space = first.firstIndex(of: UInt8(ascii: " ")) {
            let rest = first[first.index(after: space)...].drop { $0 == UInt8(ascii: " ") }
            let code = rest.prefix { $0 != UInt8(ascii: " ") }
            if code.count == 3, code.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
                parsed.status = code.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
                let description = rest.dropFirst(3).drop { $0 == UInt8(ascii: " ") }
                if !description.isEmpty { parsed.statusDescription = text(description) }
            }
        }
        var headers = NATSHeaders()
        while let line = lines.next() {
            if line.isEmpty { continue }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let value = line[line.index(after: colon)...].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            headers.append(text(line[..<colon]), text(value))
        }
        if !headers.isEmpty { parsed.headers = headers }
        return parsed
    }

    private static func text(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes), as: UTF8.self)
    }

    /// Made once: an array literal here would be allocated for every message with headers.
    private static let versionPrefix = Array("NATS/".utf8)

    /// Splits on CRLF (or a bare LF, which some proxies leave).
    private struct LineSplitter {
        var bytes: Slice<UnsafeRawBufferPointer>

        mutating func next() -> Slice<UnsafeRawBufferPointer>? {
            guard !bytes.isEmpty else { return nil }
            guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
                defer { bytes = bytes[bytes.endIndex...] }
                return bytes
            }
            var line = bytes[..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            bytes = bytes[bytes.index(after: newline)...]
            return line
        }
    }
}
