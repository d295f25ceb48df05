/// Everything that can go wrong talking to a NATS server, each case carrying what a caller needs to act on it.
public enum NATSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A request reached a subject nobody subscribes to (the server's `503` status).
    case noResponders
    /// A request, flush or connect did not complete in time.
    case timeout
    /// The client was closed, or gave up reconnecting; nothing more can be sent on it.
    case connectionClosed
    /// The connection dropped while a request was in flight on it; the request may be retried.
    case disconnected
    /// A publish larger than the server's `max_payload` (the limit, in bytes), refused before it is sent.
    case maxPayloadExceeded(Int)
    /// The outbound buffer that holds publishes while disconnected is full (its bound, in bytes).
    case pendingBufferFull(Int)
    /// The server reported an error (`-ERR`), with the server's text.
    case server(String)
    /// The server refused the credentials, or the credentials could not be read or used.
    case auth(String)
    /// The byte stream broke the NATS protocol (what was wrong).
    case `protocol`(String)
    /// A setting, URL, subject or file given to the client is not usable (what and why).
    case invalidArgument(String)
    /// No configured or discovered server could be reached (the last failure seen).
    case noServersAvailable(String)
    /// TLS could not be set up (what failed).
    case tls(String)

    public var description: String {
        switch self {
        case .noResponders: "no responders"
        case .timeout: "timed out"
        case .connectionClosed: "connection closed"
        case .disconnected: "disconnected while the request was in flight"
        case .maxPayloadExceeded(let limit): "payload exceeds the server's max_payload of \(limit) bytes"
        case .pendingBufferFull(let limit): "reconnect buffer full (\(limit) bytes): publish refused"
        case .server(let text): "server error: \(text)"
        case .auth(let text): "authorization failed: \(text)"
        case .protocol(let text): "protocol error: \(text)"
        case .invalidArgument(let text): "invalid argument: \(text)"
        case .noServersAvailable(let last): "no NATS server available (last error: \(last))"
        case .tls(let text): "TLS error: \(text)"
        }
    }
}
