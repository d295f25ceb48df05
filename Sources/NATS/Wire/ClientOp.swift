import NIOCore

/// One operation the client sends, written straight into an outbound `ByteBuffer`.
///
/// Publishes are the hot path: the encoder writes digits and bytes in place, with no intermediate strings,
/// so that many of them can be coalesced into one buffer and one socket write.
enum ClientOp {
    case connect(ConnectRequest)
    case publish(subject: String, reply: String?, headers: NATSHeaders?, payload: [UInt8])
    case subscribe(subject: String, queueGroup: String?, sid: UInt64)
    case unsubscribe(sid: UInt64, max: Int?)
    case ping
    case pong

    /// Appends the wire form of the operation, including its final CRLF.
    func write(into buffer: inout ByteBuffer) {
        switch self {
        case .connect(let request):
            buffer.writeStaticString("CONNECT ")
            buffer.writeBytes(request.json())
            buffer.writeStaticString("\r\n")
        case .publish(let subject, let reply, let headers, let payload):
            Self.writePublish(subject: subject, reply: reply, headers: headers, payload: payload, into: &buffer)
        case .subscribe(let subject, let queueGroup, let sid):
            buffer.writeStaticString("SUB ")
            buffer.writeString(subject)
            if let queueGroup {
                buffer.writeStaticString(" ")
                buffer.writeString(queueGroup)
            }
            buffer.writeStaticString(" ")
            buffer.writeDecimal(sid)
            buffer.writeStaticString("\r\n")
        case .unsubscribe(let sid, let max):
            buffer.writeStaticString("UNSUB ")
            buffer.writeDecimal(sid)
            if let max {
                buffer.writeStaticString(" ")
                buffer.writeDecimal(UInt64(max))
            }
            buffer.writeStaticString("\r\n")
        case .ping:
            buffer.writeStaticString("PING\r\n")
        case .pong:
            buffer.writeStaticString("PONG\r\n")
        }
    }

    private static func writePublish(
        subject: String, reply: String?, headers: NATSHeaders?, payload: [UInt8], into buffer: inout ByteBuffer
    ) {
        if let headers {
            let headerLength = HeaderBlock.encodedLength(headers)
            buffer.writeStaticString("HPUB ")
            buffer.writeString(subject)
            if let reply {
                buffer.writeStaticString(" ")
                buffer.writeString(reply)
            }
            buffer.writeStaticString(" ")
            buffer.writeDecimal(UInt64(headerLength))
            buffer.writeStaticString(" ")
            buffer.writeDecimal(UInt64(headerLength + payload.count))
            buffer.writeStaticString("\r\n")
            HeaderBlock.write(headers, into: &buffer)
        } else {
            buffer.writeStaticString("PUB ")
            buffer.writeString(subject)
            if let reply {
                buffer.writeStaticString(" ")
                buffer.writeString(reply)
            }
            buffer.writeStaticString(" ")
            buffer.writeDecimal(UInt64(payload.count))
            buffer.writeStaticString("\r\n")
        }
        buffer.writeBytes(payload)
        buffer.writeStaticString("\r\n")
    }
}

extension ByteBuffer {
    /// Writes `value` in decimal ASCII without building a `String`.
    mutating func writeDecimal(_ value: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var remaining = value
            var index = scratch.count
            repeat {
                index -= 1
                scratch[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            } while remaining > 0
            writeBytes(UnsafeBufferPointer(rebasing: scratch[index...]))
        }
    }
}
