import Synchronization

/// The acknowledgement of one windowed publish, to await when (and if) the caller needs it.
public final class PendingPubAck: Sendable {
    /// The subject it was published to.
    public let subject: String
    let deadline: ContinuousClock.Instant

    private enum State {
        case waiting([CheckedContinuation<PubAck, any Error>])
        case done(Result<PubAck, any Error>)
    }

    private let state = Mutex(State.waiting([]))

    init(subject: String, deadline: ContinuousClock.Instant) {
        self.subject = subject
        self.deadline = deadline
    }

    /// The stream's acknowledgement, or the error the publish ended with.
    public func value() async throws -> PubAck {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<PubAck, any Error>? = state.withLock { state in
                switch state {
                case .done(let result): return result
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Records the outcome once; later calls are ignored (an ack after a timeout, say).
    func resolve(_ result: Result<PubAck, any Error>) {
        let waiters: [CheckedContinuation<PubAck, any Error>] = state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }
}
