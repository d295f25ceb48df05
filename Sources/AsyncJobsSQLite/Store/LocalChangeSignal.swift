import Synchronization

/// Counts this process's committed writes and wakes in-process waiters the moment one commits.
///
/// SQLite's `PRAGMA data_version` does not move for a connection's own writes, and polling it costs a
/// few milliseconds of latency; this counter is both the in-process half of the change token and the
/// direct wake-up for waiters in this process.
final class LocalChangeSignal: Sendable {
    private struct State {
        var count: Int64 = 0
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var cancelled: Set<UInt64> = []
    }

    private let state = Mutex(State())

    /// Commits so far.
    var count: Int64 { state.withLock { $0.count } }

    /// Records a commit and wakes everyone waiting for one.
    func signal() {
        let woken = state.withLock { state in
            state.count += 1
            let woken = Array(state.waiters.values)
            state.waiters.removeAll()
            return woken
        }
        woken.forEach { $0.resume() }
    }

    /// Returns once the count exceeds `count`; throws `CancellationError` if the calling task is cancelled.
    func wait(beyond count: Int64) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if state.count > count { return .success(()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                if let waiter = state.waiters.removeValue(forKey: id) { return Optional(waiter) }
                state.cancelled.insert(id)
                return nil
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
