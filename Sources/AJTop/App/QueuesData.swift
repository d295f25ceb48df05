import AsyncJobs

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
