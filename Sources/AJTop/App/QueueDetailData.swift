import AsyncJobs

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
    /// Slots held by delayed retries and not by running handlers (Go workers' NAK delays on a JetStream
    /// store, see ``SlotReporting``); 0 where the store cannot tell.
    public var delayedRetries: Int

    /// Creates the data.
    public init(summary: QueueSummary, tasks: [JobTask], offset: Int, matching: Int, retriesDue: [Timestamp],
                delayedRetries: Int = 0) {
        self.summary = summary
        self.tasks = tasks
        self.offset = offset
        self.matching = matching
        self.retriesDue = retriesDue
        self.delayedRetries = delayedRetries
    }
}
