import AsyncJobs
import Synchronization

/// Counts this process's committed writes and wakes in-process waiters the moment one commits.
///
/// SQLite's `PRAGMA data_version` does not move for a connection's own writes, and polling it costs a
/// few milliseconds of latency; this counter is both the in-process half of the change token and the
/// direct wake-up for waiters in this process.
final class LocalChangeSignal: Sendable {
    private let commits = Atomic<Int64>(0)
    private let waiters = CancellableWaiters<Void>()

    /// Commits so far.
    var count: Int64 { commits.load(ordering: .acquiring) }

    /// Records a commit and wakes everyone waiting for one.
    func signal() {
        commits.add(1, ordering: .releasing)
        waiters.resume()
    }

    /// Returns once the count exceeds `count`; throws `CancellationError` if the calling task is cancelled.
    func wait(beyond count: Int64) async throws {
        try await waiters.wait { self.count > count }
    }
}
