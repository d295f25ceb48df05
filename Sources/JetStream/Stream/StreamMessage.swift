import NATS

/// A message read back from a stream by sequence or by subject (`STREAM.MSG.GET` or `DIRECT.GET`).
public struct StreamMessage: Sendable, Equatable {
    /// The subject it was published to.
    public var subject: String
    /// Its stream sequence (for a KV entry, the revision).
    public var sequence: UInt64
    /// The headers it was published with; nil when it had none.
    public var headers: NATSHeaders?
    /// The body.
    public var payload: [UInt8]
    /// When it was stored (RFC 3339 with nanoseconds).
    public var time: String

    /// A message with these values.
    public init(subject: String, sequence: UInt64, headers: NATSHeaders?, payload: [UInt8], time: String) {
        self.subject = subject
        self.sequence = sequence
        self.headers = headers
        self.payload = payload
        self.time = time
    }
}
