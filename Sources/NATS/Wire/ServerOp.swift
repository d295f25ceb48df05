/// One operation the server sends, as framed from the byte stream by `ServerOpParser`.
enum ServerOp: Sendable, Equatable {
    case info(NATSServerInfo)
    /// `MSG` or `HMSG`, with the subscription id it was delivered to.
    case message(sid: UInt64, NATSMessage)
    case ping
    case pong
    case ok
    /// `-ERR`, with the server's text unquoted.
    case error(String)
}
