/// A lease on one task, handed to one worker by ``WorkerStore/claim(queue:upTo:worker:)``.
///
/// The store has already made the task `active`, counted the try and recorded a `running` attempt. Every
/// later write about this attempt is fenced by (task id, worker, attempt): if the lease was lost meanwhile,
/// the write is refused rather than applied to someone else's attempt.
public struct Claim: Sendable, Hashable {
    /// Extra lease time beyond MaxRunTime, so a live worker's own timeout always lands before another
    /// process may rescue the task.
    public static let leaseGrace: Duration = .seconds(1)

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
    /// When the lease runs out and another worker may rescue the task.
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
}
