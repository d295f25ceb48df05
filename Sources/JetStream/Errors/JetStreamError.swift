/// Everything the JetStream layer throws, each case with what a caller needs to act on it.
public enum JetStreamError: Error, Sendable, CustomStringConvertible {
    /// The server answered with an error envelope; switch on ``JetStreamAPIError/errCode``.
    case api(JetStreamAPIError)
    /// Nothing listens on the subject: JetStream is off, or no stream captures a published subject.
    case noResponders(subject: String)
    /// The server sent something that is not the documented reply (the text says what was wrong).
    case invalidResponse(String)
    /// The caller's arguments cannot be sent (the text says which and why); nothing was sent.
    case invalidArgument(String)
    /// The server ended a pull with a terminal status other than "no messages" or "timeout", e.g.
    /// `409 Consumer Deleted`.
    case pullTerminated(status: Int, description: String)
    /// A pull asked for idle heartbeats and two in a row did not arrive: the server or route is gone.
    case missedHeartbeats
    /// The server's version lacks a feature the call needs (the text names it).
    case unsupportedByServer(String)
    /// A KV key has no value (never written, deleted or purged).
    case keyNotFound(bucket: String, key: String)
    /// A KV create found the key already holding a value.
    case keyExists(bucket: String, key: String)
    /// No publish acknowledgement arrived in time; the message may or may not be stored.
    case publishAckTimeout(subject: String)

    public var description: String {
        switch self {
        case .api(let error): error.description
        case .noResponders(let subject): "no responders on \(subject) (JetStream disabled or no stream for the subject)"
        case .invalidResponse(let text): "invalid JetStream response: \(text)"
        case .invalidArgument(let text): "invalid argument: \(text)"
        case .pullTerminated(let status, let description): "pull ended by the server: \(status) \(description)"
        case .missedHeartbeats: "pull lost its idle heartbeats: server or route gone"
        case .unsupportedByServer(let text): "not supported by this server: \(text)"
        case .keyNotFound(let bucket, let key): "key \(key) not found in bucket \(bucket)"
        case .keyExists(let bucket, let key): "key \(key) already exists in bucket \(bucket)"
        case .publishAckTimeout(let subject): "no publish acknowledgement for \(subject) in time"
        }
    }

    /// The server's error code when this is an API error, else nil.
    public var errCode: Int? {
        if case .api(let error) = self { return error.errCode }
        return nil
    }

    /// Whether this is a compare-and-set publish that lost (10071 or 10164).
    public var isWrongLastSequence: Bool {
        if case .api(let error) = self { return error.isWrongLastSequence }
        return false
    }
}
