import AsyncJobs

/// The task detail screen's data.
public struct TaskDetailData: Sendable, Hashable {
    /// The task.
    public var task: JobTask
    /// Its attempts, oldest first.
    public var attempts: [Attempt]
    /// Its queue's settings, so `p`, `+` and `-` work from the task's screen too.
    public var queue: Queue?

    /// When the task next becomes runnable, if it waits (the retry countdown).
    public var nextAttempt: Timestamp?
    /// The running attempt's lease, to tell a live worker from one that is gone.
    public var lease: Lease?
    /// The task's dependencies with their states, in the order it names them.
    public var dependencies: [TaskLink]
    /// The tasks that depend on it, with their states, oldest first.
    public var dependents: [TaskLink]

    /// Creates the data.
    public init(task: JobTask, attempts: [Attempt], queue: Queue? = nil, nextAttempt: Timestamp? = nil,
                lease: Lease? = nil, dependencies: [TaskLink] = [], dependents: [TaskLink] = []) {
        self.task = task
        self.dependencies = dependencies
        self.dependents = dependents
        self.attempts = attempts
        self.queue = queue
        self.nextAttempt = nextAttempt
        self.lease = lease
    }
}
