import AsyncJobs

/// The task detail screen's data.
public struct TaskDetailData: Sendable, Hashable {
    /// The task.
    public var task: JobTask
    /// Its attempts, oldest first.
    public var attempts: [Attempt]

    /// Creates the data.
    public init(task: JobTask, attempts: [Attempt]) {
        self.task = task
        self.attempts = attempts
    }
}
