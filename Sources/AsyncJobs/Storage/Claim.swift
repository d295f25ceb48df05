/// A lease on one task, handed to one worker by ``WorkerStore/claim(queue:upTo:worker:)``.
///
/// The store has already made the task `active`, counted the try and recorded a `running` attempt. Every
/// later write about this attempt is fenced by (task id, worker, attempt): if the lease was lost meanwhile,
/// the write is refused rather than applied to someone else's attempt.
public struct Claim: Sendable, Hashable {
    /// Extra lease time beyond MaxRunTime, so a live worker's own timeout always lands before another
    /// process may rescue the task.
    public static let leaseGrace: Duration = .seconds(1)
    /// The lease window a claim gets unless its pool asks for another: how long a worker may go without
    /// renewing before another process may rescue the task. Short, so a crashed worker's task comes back in
    /// seconds instead of after MaxRunTime; the live pool renews it about every third of the window.
    public static let defaultLeaseWindow: Duration = .seconds(15)

    /// How long a lease lasts from a claim or renewal: the window, but never past MaxRunTime + grace,
    /// beyond which no live worker may still be running the attempt.
    public static func leaseDuration(window: Duration, queue: Queue) -> Duration {
        min(window, queue.maxRunTime + leaseGrace)
    }

    /// The task as it is now: `active`, `tries` counting this attempt within the current run.
    public var task: JobTask
    /// The queue's settings read inside the claim (MaxRunTime, MaxTries may change live).
    public var queue: Queue
    /// The worker holding the lease.
    public var worker: String
    /// This attempt's 1-based position in the task's history. It never restarts (an operator retry resets
    /// `task.tries` but not the history), so it identifies the attempt and fences writes about it.
    public var attempt: Int
    /// When the attempt started.
    public var started: Timestamp
    /// When the lease runs out (unless renewed) and another worker may rescue the task.
    public var leaseExpires: Timestamp

    /// Creates a claim.
    public init(task: JobTask, queue: Queue, worker: String, attempt: Int, started: Timestamp, leaseExpires: Timestamp) {
        self.task = task
        self.queue = queue
        self.worker = worker
        self.attempt = attempt
        self.started = started
        self.leaseExpires = leaseExpires
    }

    /// When the handler must be cancelled: start + MaxRunTime.
    public var deadline: Timestamp { started + queue.maxRunTime }

    /// The latest a renewal may push the lease to: start + MaxRunTime + grace.
    public var leaseLimit: Timestamp { deadline + Self.leaseGrace }

    /// When a lease renewed at `now` for `window` runs out: `now + window`, capped at ``leaseLimit``.
    public func renewedExpiry(at now: Timestamp, window: Duration) -> Timestamp {
        min(now + window, leaseLimit)
    }
}
