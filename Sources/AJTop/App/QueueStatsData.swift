import AsyncJobs

/// The queue detail's history pane: the queue's figures for the title, its finished attempts over the
/// window, and its latency table.
public struct QueueStatsData: Sendable, Hashable {
    /// The queue with its figures.
    public var summary: QueueSummary
    /// The window the history covers.
    public var window: HistoryWindow
    /// Finished attempts per bucket over the window.
    public var history: HistoryBuckets
    /// The whole queue's latency first, then each task type's, the busiest over the last hour first.
    public var latency: [LatencyRow]

    /// Creates the data.
    public init(summary: QueueSummary, window: HistoryWindow, history: HistoryBuckets, latency: [LatencyRow]) {
        self.summary = summary
        self.window = window
        self.history = history
        self.latency = latency
    }
}
