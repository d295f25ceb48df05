import NIOCore

/// Gathers the channel's reads and frames them into `ServerOp`s with `ServerOpParser`, inside the connection
/// handler: going through NIO's `ByteToMessageHandler` boxed every op in an `NIOAny` and copied it twice,
/// a sixth of the event loop's time when a stream scan brings 100,000 messages.
struct ServerOpReader {
    private var parser = ServerOpParser()
    /// Bytes received and not yet framed: the start of an op the last read cut off.
    private var unread: ByteBuffer?

    /// Adds one read's bytes after what is left of the previous reads.
    mutating func append(_ bytes: inout ByteBuffer) {
        if unread == nil || unread!.readableBytes == 0 {
            unread = bytes
        } else {
            unread!.writeBuffer(&bytes)
        }
    }

    /// The next whole op, or nil until more bytes arrive. A partial op left when the connection ends is
    /// dropped with it, never delivered.
    mutating func next() throws(NATSError) -> ServerOp? {
        guard unread != nil else { return nil }
        guard let op = try parser.next(from: &unread!) else {
            // Only the cut-off op stays: its bytes move to the front, so the buffer does not grow read by read.
            if unread!.readableBytes == 0 { unread = nil } else { unread!.discardReadBytes() }
            return nil
        }
        return op
    }
}
