import AsyncJobs

/// Data read from the store for one ``LoadRequest``.
public enum Snapshot: Sendable, Hashable {
    case queues(QueuesData)
    case queueDetail(QueueDetailData)
    case taskDetail(TaskDetailData)
}

/// The home screen's data.
public struct QueuesData: Sendable, Hashable {
    /// Every queue, sorted by name.
    public var summaries: [QueueSummary]
    /// Completions per bucket for each queue, oldest first.
    public var throughput: [String: [Int]]

    /// Creates the data.
    public init(summaries: [QueueSummary], throughput: [String: [Int]]) {
        self.summaries = summaries
        self.throughput = throughput
    }
}

/// The queue detail screen's data.
public struct QueueDetailData: Sendable, Hashable {
    /// The queue with its figures.
    public var summary: QueueSummary
    /// One page of tasks, newest first.
    public var tasks: [JobTask]
    /// Where the page starts among all matching tasks.
    public var offset: Int
    /// How many tasks match the tab and filter.
    public var matching: Int
    /// When scheduled retries come due, within the window, soonest first.
    public var retriesDue: [Timestamp]

    /// Creates the data.
    public init(summary: QueueSummary, tasks: [JobTask], offset: Int, matching: Int, retriesDue: [Timestamp]) {
        self.summary = summary
        self.tasks = tasks
        self.offset = offset
        self.matching = matching
        self.retriesDue = retriesDue
    }
}

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
