import NATS
import Synchronization

/// Publishes into streams with many acknowledgements outstanding at once: each publish goes out at once with
/// a reply subject on this publisher's own inbox, and a publish waits only while `window` acks are pending.
///
/// This is the fast path for bulk writes; ``JetStreamContext/publish(_:payload:headers:options:timeout:)``
/// is the simple one-at-a-time form. Call ``close()`` when done: it stops the ack reader and fails what is
/// still pending.
public final class JetStreamPublisher: Sendable {
    /// Most acknowledgements outstanding before ``publish(_:payload:headers:options:)`` waits.
    public let window: Int
    /// How long one acknowledgement may take before it fails with ``JetStreamError/publishAckTimeout(subject:)``.
    public let ackTimeout: Duration

    private struct State {
        var nextToken: UInt64 = 0
        var pending: [UInt64: PendingPubAck] = [:]
        var slotWaiters: [CheckedContinuation<Void, any Error>] = []
        var closed = false
    }

    private let client: NATSClient
    private let inboxPrefix: String
    private let subscription: NATSSubscription
    private let state = Mutex(State())
    private let reader = Mutex<Task<Void, Never>?>(nil)

    /// A publisher on `context`'s connection. Subscribes to its own inbox before returning.
    public init(context: JetStreamContext, window: Int = 256, ackTimeout: Duration = .seconds(5)) async throws {
        guard window > 0 else { throw JetStreamError.invalidArgument("window must be at least 1, not \(window)") }
        self.client = context.client
        self.window = window
        self.ackTimeout = ackTimeout
        self.inboxPrefix = context.client.newInbox()
        self.subscription = try await context.client.subscribe(inboxPrefix + ".*")
        let task = Task { [weak self, subscription] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask { [weak self] in
                    for await message in subscription { self?.receive(message) }
                    self?.failAll(JetStreamError.invalidResponse("publisher inbox closed"))
                }
                group.addTask { [weak self] in
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(100))
                        self?.expireOverdue()
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
        reader.withLock { $0 = task }
    }

    /// Publishes once a slot in the window is free and returns without waiting for the acknowledgement.
    ///
    /// Errors that stop the message from being sent (closed publisher, connection, payload size) are thrown
    /// here; the stream's verdict comes through the returned ``PendingPubAck``.
    public func publish(_ subject: String, payload: [UInt8], headers: NATSHeaders? = nil,
                        options: PublishOptions = PublishOptions()) async throws -> PendingPubAck {
        let token = try await takeSlot()
        let pending = PendingPubAck(subject: subject, deadline: .now + ackTimeout)
        state.withLock { $0.pending[token] = pending }
        do {
            try client.publish(subject, payload: payload, headers: options.merged(into: headers),
                               reply: "\(inboxPrefix).\(token)")
        } catch {
            finish(token: token, with: .failure(error))
            throw error
        }
        return pending
    }

    /// Waits until every acknowledgement so far has arrived or failed.
    public func waitForPending() async {
        let outstanding = state.withLock { Array($0.pending.values) }
        for pending in outstanding { _ = try? await pending.value() }
    }

    /// Stops the publisher: pending acknowledgements fail, and so does every later publish.
    public func close() async {
        failAll(JetStreamError.invalidArgument("publisher closed"))
        try? await subscription.unsubscribe(after: nil)
        reader.withLock { $0 }?.cancel()
    }

    private func takeSlot() async throws -> UInt64 {
        while true {
            let granted: UInt64? = try state.withLock { state in
                if state.closed { throw JetStreamError.invalidArgument("publisher closed") }
                guard state.pending.count < window else { return nil }
                state.nextToken += 1
                return state.nextToken
            }
            if let granted { return granted }
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state in
                    if state.closed || state.pending.count < window { return true }
                    state.slotWaiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    private func receive(_ message: NATSMessage) {
        guard let dot = message.subject.lastIndex(of: "."),
              let token = UInt64(message.subject[message.subject.index(after: dot)...]) else { return }
        let result: Result<PubAck, any Error>
        if message.status == 503 {
            let subject = state.withLock { $0.pending[token]?.subject } ?? message.subject
            result = .failure(JetStreamError.noResponders(subject: subject))
        } else {
            result = Result { try PubAckParser.parse(message.payload) }
        }
        finish(token: token, with: result)
    }

    private func finish(token: UInt64, with result: Result<PubAck, any Error>) {
        let (pending, waiter) = state.withLock { state -> (PendingPubAck?, CheckedContinuation<Void, any Error>?) in
            let pending = state.pending.removeValue(forKey: token)
            let waiter = state.slotWaiters.isEmpty ? nil : state.slotWaiters.removeFirst()
            return (pending, waiter)
        }
        pending?.resolve(result)
        waiter?.resume()
    }

    private func expireOverdue() {
        let now = ContinuousClock.now
        let overdue = state.withLock { state in state.pending.filter { $0.value.deadline < now }.map(\.key) }
        for token in overdue {
            let subject = state.withLock { $0.pending[token]?.subject } ?? ""
            finish(token: token, with: .failure(JetStreamError.publishAckTimeout(subject: subject)))
        }
    }

    private func failAll(_ error: JetStreamError) {
        let (pending, waiters) = state.withLock { state in
            state.closed = true
            defer {
                state.pending = [:]
                state.slotWaiters = []
            }
            return (Array(state.pending.values), state.slotWaiters)
        }
        for item in pending { item.resolve(.failure(error)) }
        for waiter in waiters { waiter.resume() }
    }
}
