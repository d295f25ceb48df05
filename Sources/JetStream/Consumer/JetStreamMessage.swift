import NATS

/// A message delivered by a consumer, with its metadata and the acknowledgements it takes.
///
/// Each acknowledgement comes in two forms: ``ack(_:)`` publishes without waiting (the fast path), and
/// ``acknowledge(_:timeout:)`` is a request the server confirms once it has processed it, for callers that must
/// know (asyncjobs sends every ack that way).
public struct JetStreamMessage: Sendable {
    /// The message as the core client received it (subject = the stored message's subject).
    public let message: NATSMessage
    /// What the reply subject says: stream, consumer, delivery count, sequences, pending.
    public let metadata: AckMetadata
    let client: NATSClient

    /// The subject the message was published to.
    public var subject: String { message.subject }
    /// The body.
    public var payload: [UInt8] { message.payload }
    /// The stored headers.
    public var headers: NATSHeaders? { message.headers }

    init?(_ message: NATSMessage, client: NATSClient) {
        guard let reply = message.reply, let metadata = AckMetadata(replySubject: reply) else { return nil }
        self.message = message
        self.metadata = metadata
        self.client = client
    }

    /// Sends an acknowledgement without waiting for the server (buffered like any publish).
    public func ack(_ kind: AckKind = .ack) throws {
        try client.publish(replySubject, payload: kind.body)
    }

    /// Sends an acknowledgement and waits until the server confirms it processed it (an empty reply).
    public func acknowledge(_ kind: AckKind = .ack, timeout: Duration = .seconds(2)) async throws {
        _ = try await client.request(replySubject, payload: kind.body, timeout: timeout)
    }

    private var replySubject: String { message.reply ?? "" }
}
