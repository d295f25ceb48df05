import Synchronization

/// Messages on one subject (or wildcard), in the order the server sent them. Iterate it with `for await`
/// (one message at a time) or through ``batches`` (what one socket read brought, at once); the sequence ends
/// when the subscription is unsubscribed, reaches its auto-unsubscribe count, or the client closes. It
/// survives reconnects: the client re-subscribes with the same sid.
public final class NATSSubscription: AsyncSequence, Sendable {
    public typealias Element = NATSMessage

    /// The subscription id on the wire (`SUB <subject> <sid>`).
    public let sid: UInt64
    public let subject: String
    public let queueGroup: String?
    /// Every message of this subscription that one socket read brought, in order.
    public let batches: NATSMessageBatches
    private let client: NATSClient

    init(sid: UInt64, subject: String, queueGroup: String?, batches: NATSMessageBatches, client: NATSClient) {
        self.sid = sid
        self.subject = subject
        self.queueGroup = queueGroup
        self.batches = batches
        self.client = client
    }

    public func makeAsyncIterator() -> Iterator { Iterator(batches: batches.makeAsyncIterator()) }

    /// Hands out the messages of each batch one by one.
    public struct Iterator: AsyncIteratorProtocol {
        public typealias Failure = Never

        var batches: NATSMessageBatches.Iterator
        private var batch: [NATSMessage] = []
        private var index = 0

        init(batches: NATSMessageBatches.Iterator) { self.batches = batches }

        public mutating func next() async -> NATSMessage? {
            await next(isolation: nil)
        }

        /// Runs on the caller's actor, so an actor reading a subscription does not hop off its executor.
        public mutating func next(isolation actor: isolated (any Actor)?) async -> NATSMessage? {
            while index == batch.count {
                guard let next = await batches.next(isolation: actor) else { return nil }
                batch = next
                index = 0
            }
            defer { index += 1 }
            return batch[index]
        }
    }

    /// Unsubscribes now, or, with `after`, once `after` messages in total have been delivered (the server
    /// stops sending then too). Messages already received stay readable.
    public func unsubscribe(after: Int? = nil) async throws {
        try client.unsubscribe(sid: sid, after: after)
    }

    /// Ends the subscription at the server, then here once every message the server sent it before that has
    /// arrived, so iterating reads those and then finishes. ``unsubscribe(after:)`` ends it here at once and
    /// drops what is still on its way: for a JetStream pull's inbox, a delivery the server made just before
    /// it saw the UNSUB, which would then hold its consumer's slot unread until AckWait. Waits at most
    /// `timeout` for the server's confirmation (ending the subscription anyway) and throws when it did not come.
    public func drain(timeout: Duration) async throws {
        try await client.drain(sid: sid, timeout: timeout)
    }

    /// Messages dropped because this subscription's consumer fell `subscriptionPendingLimit` behind.
    public var droppedMessages: Int { client.droppedMessages(sid: sid) }
}

/// A subscription's messages as the socket reads brought them: each element is every message for the
/// subscription that one read of the connection held, in order, never empty. One wake-up of the reader per
/// read, not per message, is what lets a consumer keep up with a stream scan.
public struct NATSMessageBatches: AsyncSequence, Sendable {
    public typealias Element = [NATSMessage]
    public typealias Failure = Never

    let stream: AsyncStream<[NATSMessage]>
    let backlog: SubscriptionBacklog

    public func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator(), backlog: backlog) }

    /// Takes one batch at a time, counting its messages off the subscription's backlog.
    public struct Iterator: AsyncIteratorProtocol {
        public typealias Failure = Never

        var base: AsyncStream<[NATSMessage]>.Iterator
        let backlog: SubscriptionBacklog

        public mutating func next() async -> [NATSMessage]? {
            await next(isolation: nil)
        }

        /// Runs on the caller's actor, so an actor reading a subscription does not hop off its executor.
        public mutating func next(isolation actor: isolated (any Actor)?) async -> [NATSMessage]? {
            guard let batch = await base.next(isolation: actor) else { return nil }
            backlog.taken(batch.count)
            return batch
        }
    }
}

/// How many messages a subscription holds that its reader has not taken yet: the client drops what would
/// take it past `subscriptionPendingLimit` (a count of messages, however they are batched).
final class SubscriptionBacklog: Sendable {
    private let messages = Atomic<Int>(0)

    var count: Int { messages.load(ordering: .relaxed) }

    func added(_ count: Int) { messages.add(count, ordering: .relaxed) }

    func taken(_ count: Int) { messages.subtract(count, ordering: .relaxed) }
}
