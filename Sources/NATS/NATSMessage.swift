/// One message received from the server (`MSG` or `HMSG`).
public struct NATSMessage: Sendable, Equatable {
    /// The subject the message was published to.
    public var subject: String
    /// Where an answer should go, if the publisher asked for one.
    public var reply: String?
    /// The header block, nil for a plain `MSG` or a header block with no fields.
    public var headers: NATSHeaders?
    /// The body.
    public var payload: [UInt8]
    /// The status code from the `NATS/1.0 <status>` line (503 no responders, 404/408/409 from pulls, 100 heartbeats).
    public var status: Int?
    /// The text after the status code, if any (`No Messages`, `Request Timeout`, `Idle Heartbeat`).
    public var statusDescription: String?

    public init(
        subject: String, reply: String? = nil, headers: NATSHeaders? = nil, payload: [UInt8],
        status: Int? = nil, statusDescription: String? = nil
    ) {
        self.subject = subject
        self.reply = reply
        self.headers = headers
        self.payload = payload
        self.status = status
        self.statusDescription = statusDescription
    }
}
