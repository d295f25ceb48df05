import Foundation
import NIOCore

/// Frames the server's byte stream into `ServerOp`s.
///
/// `next(from:)` returns an op and consumes exactly its bytes, or returns nil and consumes nothing when the
/// buffer does not yet hold a whole op, so it can be fed any split of the stream. Anything that is not the NATS
/// protocol throws `NATSError.protocol`; the connection is then dropped, never re-synchronised on a guess.
struct ServerOpParser {
    /// Longest control line accepted while waiting for its end (INFO with many `connect_urls` is the long one).
    static let maxControlLine = 1 << 20
    /// Largest message accepted; nats-server's own ceiling for `max_payload` is 64 MiB.
    static let maxMessageBytes = 64 << 20

    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    mutating func next(from buffer: inout ByteBuffer) throws(NATSError) -> ServerOp? {
        while true {
            guard let line = try Self.controlLine(in: buffer) else { return nil }
            if line.end == 0 {  // a blank line carries nothing; skip it rather than fail
                buffer.moveReaderIndex(forwardBy: line.next)
                continue
            }
            return try op(for: line, in: &buffer)
        }
    }

    /// Where the control line ends (`end`, before CRLF) and the next byte after its LF (`next`), as offsets
    /// from the reader index, plus up to six whitespace-separated fields.
    private struct ControlLine {
        var end: Int
        var next: Int
        var fields = Fields()
    }

    /// Field ranges kept inline: MSG and HMSG have at most six, and a heap array per message would cost.
    struct Fields {
        private var starts: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)
        private var ends: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)
        private(set) var count = 0
        /// More than six fields were on the line (the extra ones are not recorded).
        private(set) var overflowed = false

        mutating func append(_ range: Range<Int>) {
            guard count < 6 else {
                overflowed = true
                return
            }
            withUnsafeMutableBytes(of: &starts) { $0.storeBytes(of: range.lowerBound, toByteOffset: count * 8, as: Int.self) }
            withUnsafeMutableBytes(of: &ends) { $0.storeBytes(of: range.upperBound, toByteOffset: count * 8, as: Int.self) }
            count += 1
        }

        subscript(index: Int) -> Range<Int> {
            let start = withUnsafeBytes(of: starts) { $0.load(fromByteOffset: index * 8, as: Int.self) }
            let end = withUnsafeBytes(of: ends) { $0.load(fromByteOffset: index * 8, as: Int.self) }
            return start..<end
        }
    }

    private static func controlLine(in buffer: ByteBuffer) throws(NATSError) -> ControlLine? {
        let found: ControlLine?? = buffer.withUnsafeReadableBytes { bytes -> ControlLine?? in
            guard let lineFeed = bytes.firstIndex(of: Self.lineFeed) else { return .some(nil) }
            var end = lineFeed
            if end > 0 && bytes[end - 1] == Self.carriageReturn { end -= 1 }
            var line = ControlLine(end: end, next: lineFeed + 1)
            var index = 0
            while index < end {
                while index < end && Self.isBlank(bytes[index]) { index += 1 }
                guard index < end else { break }
                let start = index
                while index < end && !Self.isBlank(bytes[index]) { index += 1 }
                line.fields.append(start..<index)
            }
            return .some(line)
        }
        guard let found else { return nil }
        guard let line = found else {
            if buffer.readableBytes > maxControlLine {
                throw .protocol("control line longer than \(maxControlLine) bytes")
            }
            return nil
        }
        return line
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private mutating func op(for line: ControlLine, in buffer: inout ByteBuffer) throws(NATSError) -> ServerOp? {
        guard line.fields.count > 0 else {  // whitespace only
            buffer.moveReaderIndex(forwardBy: line.next)
            return try next(from: &buffer)
        }
        let name = line.fields[0]
        // Messages are nearly every op: recognised from the bytes, without making and upper-casing a string.
        if Self.spells(buffer, name, "MSG") { return try message(line, headers: false, in: &buffer) }
        if Self.spells(buffer, name, "HMSG") { return try message(line, headers: true, in: &buffer) }
        let verb = Self.verb(buffer, name)
        switch verb {
        case "PING", "PONG", "+OK":
            guard line.fields.count == 1 else { throw .protocol("unexpected arguments after \(verb)") }
            buffer.moveReaderIndex(forwardBy: line.next)
            return verb == "PING" ? .ping : verb == "PONG" ? .pong : .ok
        case "-ERR":
            let text = Self.rest(of: line, after: name, in: buffer)
            buffer.moveReaderIndex(forwardBy: line.next)
            return .error(Self.unquoted(text))
        case "INFO":
            let json = Self.rest(of: line, after: name, in: buffer)
            buffer.moveReaderIndex(forwardBy: line.next)
            do {
                return .info(try JSONDecoder().decode(NATSServerInfo.self, from: Data(json.utf8)))
            } catch {
                throw .protocol("INFO is not valid JSON: \(error)")
            }
        default:
            throw .protocol("unknown operation '\(verb.prefix(32))'")
        }
    }

    /// Whether the field at `range` is `upperCaseVerb`, in any case.
    private static func spells(_ buffer: ByteBuffer, _ range: Range<Int>, _ upperCaseVerb: StaticString) -> Bool {
        guard range.count == upperCaseVerb.utf8CodeUnitCount else { return false }
        return buffer.withUnsafeReadableBytes { bytes in
            for offset in 0..<range.count where bytes[range.lowerBound + offset] & 0xDF != upperCaseVerb.utf8Start[offset] {
                return false
            }
            return true
        }
    }

    /// The upper-cased operation name; verbs are case-insensitive on the wire.
    private static func verb(_ buffer: ByteBuffer, _ range: Range<Int>) -> String {
        guard range.count <= 8 else { return String(decoding: buffer.readableBytesView.prefix(16), as: UTF8.self) }
        let view = buffer.readableBytesView
        let start = view.startIndex
        return String(decoding: view[(start + range.lowerBound)..<(start + range.upperBound)], as: UTF8.self).uppercased()
    }

    /// The text of the line after the verb, trimmed (INFO's JSON, -ERR's message).
    private static func rest(of line: ControlLine, after verb: Range<Int>, in buffer: ByteBuffer) -> String {
        let view = buffer.readableBytesView
        let start = view.startIndex
        let text = view[(start + verb.upperBound)..<(start + line.end)]
        return String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    private static func unquoted(_ text: String) -> String {
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") { return String(text.dropFirst().dropLast()) }
        return text
    }

    /// `MSG <subject> <sid> [reply] <#bytes>` or `HMSG <subject> <sid> [reply] <#header bytes> <#total bytes>`.
    private func message(_ line: ControlLine, headers: Bool, in buffer: inout ByteBuffer) throws(NATSError) -> ServerOp? {
        let arguments = line.fields.count - 1
        let plain = headers ? 4 : 3
        guard !line.fields.overflowed, arguments == plain || arguments == plain + 1 else {
            throw .protocol("\(headers ? "HMSG" : "MSG") with \(line.fields.overflowed ? "too many" : "\(arguments)") arguments")
        }
        let hasReply = arguments == plain + 1
        let total = try Self.number(buffer, line.fields[line.fields.count - 1], what: "byte count")
        let headerLength = headers ? try Self.number(buffer, line.fields[line.fields.count - 2], what: "header byte count") : 0
        guard total <= Self.maxMessageBytes else { throw .protocol("message of \(total) bytes exceeds \(Self.maxMessageBytes)") }
        guard headerLength <= total else { throw .protocol("header bytes \(headerLength) exceed total bytes \(total)") }
        let needed = line.next + total + 2
        guard buffer.readableBytes >= needed else { return nil }

        let base = buffer.readerIndex
        let bodyStart = base + line.next
        guard buffer.getInteger(at: bodyStart + total, as: UInt16.self) == 0x0D0A else {
            throw .protocol("message body not followed by CRLF")
        }
        let sid = UInt64(try Self.number(buffer, line.fields[2], what: "sid"))
        let subject = Self.string(buffer, line.fields[1])
        let reply = hasReply ? Self.string(buffer, line.fields[3]) : nil
        var message = NATSMessage(subject: subject, reply: reply, payload: [])
        if headers {
            let block = line.next..<(line.next + headerLength)
            let parsed = try buffer.withUnsafeReadableBytes { bytes in
                Result(catching: { () throws(NATSError) -> HeaderBlock.Parsed in
                    try HeaderBlock.parse(UnsafeRawBufferPointer(rebasing: bytes[block]))
                })
            }.get()
            message.headers = parsed.headers
            message.status = parsed.status
            message.statusDescription = parsed.statusDescription
        }
        message.payload = buffer.getBytes(at: bodyStart + headerLength, length: total - headerLength) ?? []
        buffer.moveReaderIndex(forwardBy: needed)
        return .message(sid: sid, message)
    }

    private static func string(_ buffer: ByteBuffer, _ range: Range<Int>) -> String {
        buffer.getString(at: buffer.readerIndex + range.lowerBound, length: range.count) ?? ""
    }

    /// A decimal field; anything but digits, or a value past `Int.max`, is a protocol error.
    private static func number(
        _ buffer: ByteBuffer, _ range: Range<Int>, what: String
    ) throws(NATSError) -> Int {
        var value: UInt64 = 0
        let valid = buffer.withUnsafeReadableBytes { bytes -> Bool in
            guard range.count > 0, range.count <= 20 else { return false }
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return false }
                let (times10, overflowA) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times10.addingReportingOverflow(UInt64(digit))
                guard !overflowA, !overflowB, sum <= UInt64(Int.max) else { return false }
                value = sum
            }
            return true
        }
        guard valid else { throw .protocol("\(what) is not a decimal number") }
        return Int(truncatingIfNeeded: value)
    }
}
