import AsyncJobs

/// The task detail screen's data.
public struct TaskDetailData: Sendable, Hashable {
    /// The task.
    public var task: JobTask
    /// Its attempts, oldest first.
    public var attempts: [Attempt]
    /// Its queue's settings, so `p`, `+` and `-` work from the task's screen too.
    public var queue: Queue?

    /// Creates the data.
    public init(task: JobTask, attempts: [Attempt], queue: Queue? = nil) {
        self.task = task
        self.attempts = attempts
        self.queue = queue
    }
}
