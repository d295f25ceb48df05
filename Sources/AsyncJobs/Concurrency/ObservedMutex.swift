import Synchronization

/// A mutex whose changes can be waited for: every ``withLock(_:)`` wakes the tasks waiting in
/// ``wait(until:)``, which look at the value again.
///
/// For state that tests and tools watch (a worker pool's slots and counts): they wait on the owner's own
/// changes instead of polling it on a timer. Reads that must not wake anyone (the waiters' own look at the
/// value) go through ``read(_:)``.
package final class ObservedMutex<Value>: Sendable {
    private let mutex: Mutex<Value>
    private let changes = CancellableWaiters<Void>()

    /// Wraps `value`.
    package init(_ value: sending Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` on the value under the lock, then wakes the waiters (it may have changed the value).
    package func withLock<Result, E: Error>(_ body: (inout sending Value) throws(E) -> sending Result) throws(E)
        -> sending Result {
        defer { changes.resume() }
        return try mutex.withLock(body)
    }

    /// Runs `body` on the value under the lock without waking anyone.
    package func read<Result, E: Error>(_ body: (inout sending Value) throws(E) -> sending Result) throws(E)
        -> sending Result {
        try mutex.withLock(body)
    }

    /// Returns once `condition` holds for the value, looking again after every ``withLock(_:)``.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    package func wait(until condition: (borrowing Value) -> Bool) async throws {
        while !holds(condition) {
            try await changes.wait { holds(condition) }
        }
    }

    private func holds(_ condition: (borrowing Value) -> Bool) -> Bool {
        mutex.withLock { condition($0) }
    }
}
