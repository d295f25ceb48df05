import AsyncJobs
import Synchronization

/// A clock that only moves when a test moves it, so tests of timing never sleep.
///
/// Sleepers wake, in deadline order, when ``advance(by:)`` or ``advance(to:)`` passes their deadline;
/// cancelling a sleeper wakes it at once with `CancellationError`.
public final class ManualClock: JobClock, Sendable {
    private let time: Mutex<Timestamp>
    /// The sleepers, tagged with their deadlines.
    private let sleepers = CancellableWaiters<Timestamp>()

    /// Creates a clock reading `start` (default 2026-01-01T00:00:00Z).
    public init(start: Timestamp = Timestamp(nanoseconds: 1_767_225_600_000_000_000)) {
        time = Mutex(start)
    }

    public func now() -> Timestamp { time.withLock { $0 } }

    /// The number of tasks sleeping on this clock, so a test can wait until its subject is idle.
    public var sleeperCount: Int { sleepers.count }

    /// The earliest deadline anyone sleeps until.
    public var nextDeadline: Timestamp? { sleepers.tags.min() }

    public func sleep(until deadline: Timestamp) async throws {
        try await sleepers.wait(tag: deadline) { deadline <= now() }
    }

    /// Moves time forward by `duration`, waking every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        advance(to: now() + duration)
    }

    /// Moves time forward to `time` (never backwards), waking every sleeper whose deadline has come, in
    /// deadline order.
    public func advance(to time: Timestamp) {
        let now = self.time.withLock { now -> Timestamp in
            if time > now { now = time }
            return now
        }
        sleepers.resume(where: { $0 <= now }, orderedBy: <)
    }
}
