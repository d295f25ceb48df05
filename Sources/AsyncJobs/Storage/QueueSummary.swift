/// A queue's settings with its live figures: what dashboards and `ajc queue ls/info` show.
public struct QueueSummary: Sendable, Hashable {
    /// The queue's settings.
    public var queue: Queue
    /// Tasks of this queue by state (states with no tasks may be absent).
    public var counts: [TaskState: Int]
    /// Leases held right now across all processes (what MaxConcurrent limits).
    public var active: Int
    /// Waiting tasks runnable now: `new`, and `retry` whose time has come.
    public var ready: Int
    /// Waiting tasks whose retry time is still in the future.
    public var scheduled: Int
    /// Since when the oldest ready task has been waiting, if any.
    public var oldestReady: Timestamp?

    /// Creates a summary.
    public init(queue: Queue, counts: [TaskState: Int], active: Int, ready: Int, scheduled: Int, oldestReady: Timestamp?) {
        self.queue = queue
        self.counts = counts
        self.active = active
        self.ready = ready
        self.scheduled = scheduled
        self.oldestReady = oldestReady
    }

    /// The number of tasks in `state`.
    public func count(_ state: TaskState) -> Int { counts[state, default: 0] }

    /// Tasks that ended badly: expired plus terminated.
    public var failed: Int { count(.expired) + count(.terminated) }

    /// Every task of the queue.
    public var total: Int { counts.values.reduce(0, +) }
}
