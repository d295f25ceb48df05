import AsyncJobs

/// The home screen's data.
public struct QueuesData: Sendable, Hashable {
    /// Every queue, sorted by name.
    public var summaries: [QueueSummary]
    /// Each queue's finished tasks per bucket of the throughput window: the sparkline and the error rate.
    public var finished: [String: FinishedCounts]

    /// Creates the data.
    public init(summaries: [QueueSummary], finished: [String: FinishedCounts]) {
        self.summaries = summaries
        self.finished = finished
    }
}
