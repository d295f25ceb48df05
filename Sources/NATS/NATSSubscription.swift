/// Messages on one subject (or wildcard), in the order the server sent them. Iterate it with `for await`;
/// the sequence ends when the subscription is unsubscribed, reaches its auto-unsubscribe count, or the client
/// closes. It survives reconnects: the client re-subscribes with the same sid.
public final class NATSSubscription: AsyncSequence, Sendable {
    public typealias Element = NATSMessage

    /// The subscription id on the wire (`SUB <subject> <sid>`).
    public let sid: UInt64
    public let subject: String
    public let queueGroup: String?
    private let messages: AsyncStream<NATSMessage>
    private let client: NATSClient

    init(sid: UInt64, subject: String, queueGroup: String?, messages: AsyncStream<NATSMessage>, client: NATSClient) {
        self.sid = sid
        self.subject = subject
        self.queueGroup = queueGroup
        self.messages = messages
        self.client = client
    }

    public func makeAsyncIterator() -> AsyncStream<NATSMessage>.Iterator {
        messages.makeAsyncIterator()
    }

    /// Unsubscribes now, or, with `after`, once `after` messages in total have been delivered (the server
    /// stops sending then too). Messages already received stay readable.
    public func unsubscribe(after: Int? = nil) async throws {
        try client.unsubscribe(sid: sid, after: after)
    }

    /// Messages dropped because this subscription's consumer fell `subscriptionPendingLimit` behind.
    public var droppedMessages: Int { client.droppedMessages(sid: sid) }
}
