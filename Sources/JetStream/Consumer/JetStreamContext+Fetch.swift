import NATS
import Synchronization

/// Pulling from a pull consumer.
///
/// Every pull gets its own inbox subscription: deliveries arrive on the stored message's subject, not on the
/// reply subject, so only the subscription id ties them to the request and a shared request mux cannot route
/// them.
extension JetStreamContext {
    /// Pulls up to `batch` messages from a pull consumer.
    ///
    /// The server holds the request for `expires` and then ends it with `408` (returned as whatever arrived so
    /// far); with `noWait` it answers at once, `404` when nothing is pending. With `idleHeartbeat` the server
    /// sends heartbeats while it waits, and two missed ones end the pull with
    /// ``JetStreamError/missedHeartbeats``. `409` statuses (consumer deleted, leadership change, limits
    /// exceeded) end the pull and throw ``JetStreamError/pullTerminated(status:description:)`` when nothing
    /// was delivered.
    public func fetch(stream: String, consumer: String, batch: Int, expires: Duration = .seconds(5),
                      noWait: Bool = false, idleHeartbeat: Duration? = nil) async throws -> [JetStreamMessage] {
        try validateName(stream, what: "stream name")
        try validateName(consumer, what: "consumer name")
        guard batch > 0 else { throw JetStreamError.invalidArgument("batch must be at least 1, not \(batch)") }
        guard expires >= .milliseconds(1) else { throw JetStreamError.invalidArgument("expires must be at least 1 ms") }
        let idleHeartbeat = noWait ? nil : idleHeartbeat
        if let idleHeartbeat, idleHeartbeat * 2 > expires {
            throw JetStreamError.invalidArgument("idle heartbeat must be at most half of expires")
        }
        // A no-wait pull carries no expiry: with one, the server waits for messages held back by a NAK delay
        // or AckWait instead of answering `404` at once.
        let pull = noWait
            ? PullRequest(batch: batch, noWait: true)
            : PullRequest(batch: batch, expires: Nanoseconds(expires), idleHeartbeat: idleHeartbeat.map { Nanoseconds($0) })
        let body = try JetStreamJSON.encode(pull)
        let inbox = client.newInbox()
        let subscription = try await client.subscribe(inbox)
        let collector = PullCollector(batch: batch, client: client)
        do {
            try client.publish(subjects.consumerNext(stream, name: consumer), payload: body, reply: inbox)
            // The local deadline leaves the server time to send its 408 first, so a late delivery is rare.
            // A no-wait pull waits at most `expires` + 1 s too: a server just restarted may never answer it.
            let deadline = noWait ? min(timeout, expires + .seconds(1)) : expires + .seconds(1)
            let outcome = try await withThrowingTaskGroup(of: (byReader: Bool, outcome: PullCollector.Outcome).self) { group in
                group.addTask { (true, try await collector.collect(from: subscription)) }
                group.addTask {
                    (false, try await collector.watch(deadline: deadline, idleHeartbeat: idleHeartbeat,
                                                      quietAfterDelivery: noWait ? Self.noWaitQuiet : nil))
                }
                let first = try await group.next() ?? (true, .deadline)
                if first.byReader {
                    // Filled or ended by the server: nothing more will come. Unsubscribing ends the inbox's
                    // sequence, so the reader finishes even if it ignores cancellation.
                    try? await subscription.unsubscribe(after: nil)
                } else {
                    // Given up here while the server may still hold the request: a pull asking for more than its
                    // consumer's MaxAckPending leaves room for (other processes' claims took the slots) stays
                    // open there, no-wait or not, and is answered when a slot frees. Whatever it sends before it
                    // sees the UNSUB is read and returned: dropped, it would hold its slot until AckWait (for an
                    // asyncjobs queue its MaxRunTime: the three-process reliability test timed out on one).
                    try? await subscription.drain(timeout: Self.drainPatience)
                    _ = try? await group.next()
                }
                group.cancelAll()
                return first.outcome
            }
            return try outcome.result(collector.messages, missedHeartbeatsIsError: idleHeartbeat != nil)
        } catch {
            try? await subscription.unsubscribe(after: nil)
            collector.nakUnreturned()
            throw error
        }
    }
}

extension JetStreamContext {
    /// How long a no-wait pull that has delivered something waits for more before it returns. A server
    /// answers such a pull in one burst, its deliveries and then the status ending it; a consumer a
    /// killed-and-restarted server brought back can instead deliver what it has and hold the request open
    /// (its count of pending messages includes ones it cannot deliver), and every claim then waited for
    /// the whole deadline, 3 s, with the store's writes queued behind it. Long enough that a loaded
    /// machine seldom splits one burst (the rest of a split one is not lost: what the server sent before it
    /// saw the UNSUB is read from the drained inbox, and what it had not sent stays for the next pull).
    static let noWaitQuiet: Duration = .milliseconds(250)

    /// How long a pull given up on waits for the server to confirm its UNSUB (a PING's PONG) before it stops
    /// reading its inbox anyway: a claim holds its store's write gate meanwhile, and a server that answers
    /// no PING within a second has lost the connection or soon will.
    static let drainPatience: Duration = .seconds(1)
}

/// The state of one pull while deliveries come in: what arrived, when the server last spoke, and why it ended.
final class PullCollector: Sendable {
    /// Why a pull ended.
    enum Outcome: Sendable {
        case filled
        case serverEnded(status: Int, description: String)
        case deadline
        case missedHeartbeats

        /// The messages, or the error this outcome means when nothing was delivered.
        func result(_ messages: [JetStreamMessage], missedHeartbeatsIsError: Bool) throws -> [JetStreamMessage] {
            switch self {
            case .filled, .deadline: return messages
            case .serverEnded(let status, let description):
                if messages.isEmpty, status != 404, status != 408 {
                    throw JetStreamError.pullTerminated(status: status, description: description)
                }
                return messages
            case .missedHeartbeats:
                if messages.isEmpty && missedHeartbeatsIsError { throw JetStreamError.missedHeartbeats }
                return messages
            }
        }
    }

    private struct State {
        var messages: [JetStreamMessage] = []
        var lastHeard = ContinuousClock.now
        var returned = false
    }

    let batch: Int
    let client: NATSClient
    private let state = Mutex(State())

    init(batch: Int, client: NATSClient) {
        self.batch = batch
        self.client = client
    }

    var messages: [JetStreamMessage] {
        state.withLock { state in
            state.returned = true
            return state.messages
        }
    }

    /// Reads the pull's inbox until the batch is full or the server ends the request.
    func collect(from subscription: NATSSubscription) async throws -> Outcome {
        for await message in subscription {
            state.withLock { $0.lastHeard = .now }
            if let status = message.status {
                if status == 100 { continue }
                if status == 503 { throw JetStreamError.noResponders(subject: message.subject) }
                return .serverEnded(status: status, description: message.statusDescription ?? "")
            }
            guard let delivery = JetStreamMessage(message, client: client) else {
                throw JetStreamError.invalidResponse("pull delivery without a $JS.ACK reply subject (subject \(message.subject))")
            }
            let count = state.withLock { state in
                state.messages.append(delivery)
                return state.messages.count
            }
            if count >= batch { return .filled }
        }
        return .deadline
    }

    /// Ends the pull at the local deadline, or earlier when two heartbeats in a row were missed, or when
    /// `quietAfterDelivery` passed without another message after one was delivered.
    func watch(deadline: Duration, idleHeartbeat: Duration?, quietAfterDelivery: Duration? = nil) async throws -> Outcome {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        if let quiet = quietAfterDelivery {
            while clock.now < end {
                try await clock.sleep(for: min(quiet / 4, end - clock.now))
                let (delivered, silent) = state.withLock { (!$0.messages.isEmpty, clock.now - $0.lastHeard) }
                if delivered && silent >= quiet { return .deadline }
            }
            return .deadline
        }
        guard let idleHeartbeat else {
            try await clock.sleep(until: end)
            return .deadline
        }
        while clock.now < end {
            try await clock.sleep(for: idleHeartbeat)
            let silent = clock.now - state.withLock { $0.lastHeard }
            if silent > idleHeartbeat * 2 { return .missedHeartbeats }
        }
        return .deadline
    }

    /// NAKs what arrived for a pull that failed, so those deliveries return now rather than after AckWait.
    func nakUnreturned() {
        let stranded = state.withLock { state in state.returned ? [] : state.messages }
        for delivery in stranded { try? delivery.ack(.nak(delay: nil)) }
    }
}
