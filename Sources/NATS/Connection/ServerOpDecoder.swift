import NIOCore

/// Feeds the channel's bytes through `ServerOpParser`, emitting one `ServerOp` per frame.
struct ServerOpDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = ServerOp

    private var parser = ServerOpParser()

    mutating func decode(buffer: inout ByteBuffer) throws -> ServerOp? {
        try parser.next(from: &buffer)
    }

    /// At end of stream a partial frame is simply dropped with the connection; it is never delivered.
    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ServerOp? {
        try parser.next(from: &buffer)
    }
}
