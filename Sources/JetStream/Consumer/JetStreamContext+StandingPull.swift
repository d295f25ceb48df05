import NATS
import Synchronization

/// A pull left waiting with the server, its deliveries handed over one at a time as they arrive.
///
/// ``JetStreamContext/fetch(stream:consumer:batch:expires:noWait:idleHeartbeat:)`` returns when its pull
/// ends; a caller that wants a message stored after it asked, the moment it is stored, leaves one of these
/// instead: the server delivers into it as soon as the stream has the message, a round trip sooner than a
/// pull sent after the caller hears of the message.
public final class StandingPull: Sendable {
    private struct State {
        var delivered = 0
        var ended = false
    }

    /// How many messages the pull asked for.
    public let batch: Int
    private let subscription: NATSSubscription
    private let state = Mutex(State())
    private let reader = Mutex<Task<Void, Never>?>(nil)

    fileprivate init(batch: Int, subscription: NATSSubscription) {
        self.batch = batch
        self.subscription = subscription
    }

    /// How many more messages the server may still deliver into it (zero once it ended).
    public var outstanding: Int {
        state.withLock { $0.ended ? 0 : batch - $0.delivered }
    }

    /// Whether it ended: filled, ended by the server (its expiry, or a `409`), or by ``end()``.
    public var hasEnded: Bool { state.withLock { $0.ended } }

    /// Ends the pull now: unsubscribes its inbox at the server and keeps reading it until a PING's PONG shows
    /// the server processed that (at most a second), so a delivery the server made just before is still
    /// handed over rather than left pending until AckWait. Returns once `ended` has been called.
    public func end() async {
        if !hasEnded { try? await subscription.drain(timeout: .seconds(1)) }
        await reader.withLock { $0 }?.value
    }

    /// Reads the inbox until the batch is delivered, the server ends the request, or `deadline` passes,
    /// handing each delivery to `deliver` and calling `ended` once, last.
    fileprivate func read(client: NATSClient, deadline: Duration, deliver: @escaping @Sendable (JetStreamMessage) -> Void,
                          ended: @escaping @Sendable () -> Void) {
        let task = Task { [self] in
            let timer = Task {
                try? await Task.sleep(for: deadline)
                // Unsubscribing ends the inbox's sequence, which ends the loop below.
                try? await subscription.unsubscribe(after: nil)
            }
            defer { timer.cancel() }
            loop: for await message in subscription {
                if let status = message.status {
                    if status == 100 { continue }
                    break loop
                }
                guard let delivery = JetStreamMessage(message, client: client) else { continue }
                let filled = state.withLock { state -> Bool in
                    state.delivered += 1
                    return state.delivered >= batch
                }
                deliver(delivery)
                if filled { break loop }
            }
            state.withLock { $0.ended = true }
            try? await subscription.unsubscribe(after: nil)
            ended()
        }
        reader.withLock { $0 = task }
    }
}

extension JetStreamContext {
    /// Leaves a pull of `batch` messages with a pull consumer for `expires`, handing each delivery to `deliver`
    /// as it arrives and calling `ended` once the pull is over (filled, expired, or ended by the server).
    public func standingPull(stream: String, consumer: String, batch: Int, expires: Duration,
                             deliver: @escaping @Sendable (JetStreamMessage) -> Void,
                             ended: @escaping @Sendable () -> Void) async throws -> StandingPull {
        try validateName(stream, what: "stream name")
        try validateName(consumer, what: "consumer name")
        guard batch > 0 else { throw JetStreamError.invalidArgument("batch must be at least 1, not \(batch)") }
        guard expires >= .milliseconds(1) else { throw JetStreamError.invalidArgument("expires must be at least 1 ms") }
        let body = try JetStreamJSON.encode(PullRequest(batch: batch, expires: Nanoseconds(expires)))
        let inbox = client.newInbox()
        let subscription = try await client.subscribe(inbox)
        let pull = StandingPull(batch: batch, subscription: subscription)
        // The reader starts before the request goes out, so nothing the server sends finds it missing; the
        // local deadline leaves the server time to send its 408 first.
        pull.read(client: client, deadline: expires + .seconds(1), deliver: deliver, ended: ended)
        do {
            try client.publish(subjects.consumerNext(stream, name: consumer), payload: body, reply: inbox)
        } catch {
            await pull.end()
            throw error
        }
        return pull
    }
}
