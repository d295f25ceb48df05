import AsyncJobs

/// One queue's per-minute history as last read, so the history pane's refresh every second reads only the
/// newest minutes: a minute's row stops changing once the minute is over (the store writes it with the
/// state changes it counts), so the rows before the previous minute are kept and only the previous and the
/// current minute are read again. Widening the window reads just the older part once.
///
/// Rows older than the latency table's hour keep their counts and drop their wait and run histograms: the
/// chart needs only the counts, and a week of histograms for every task type would cost megabytes.
public struct MinuteStatsCache: Sendable {
    /// The queue cached.
    public let queue: String
    /// The earliest minute read.
    public private(set) var from: Timestamp
    /// Rows of minutes before this are final and not read again.
    public private(set) var settled: Timestamp
    /// The rows, by minute then type.
    public private(set) var rows: [MinuteStats] = []

    /// How far back rows keep their histograms: the latency table's longest period.
    public static let histogramSpan: Duration = LatencyRow.hour

    /// A cache of `queue` that has read nothing yet.
    public init(queue: String, now: Timestamp) {
        self.queue = queue
        from = MinuteStats.minute(containing: now) + .seconds(60)
        settled = from
    }

    /// The rows of minutes from `start` on, after reading with `read` (the store's
    /// ``InspectorStore/minuteStats(queue:from:to:)`` of the queue, given the minutes from and to) only what
    /// is not cached and final.
    public mutating func rows(from start: Timestamp, now: Timestamp, isolation: isolated (any Actor)? = #isolation,
                              read: (Timestamp, Timestamp) async throws -> [MinuteStats]) async throws -> [MinuteStats] {
        let start = MinuteStats.minute(containing: start)
        let end = MinuteStats.minute(containing: now) + .seconds(60)
        if start < from {
            // The older part, once; it is final unless it reaches into the minutes read again below.
            let older = try await read(start, min(from, settled))
            rows = older + rows.filter { $0.minute >= min(from, settled) }
            from = start
        }
        if settled < end {
            let newest = try await read(settled, end)
            rows = rows.filter { $0.minute < settled } + newest
        }
        settled = max(from, MinuteStats.minute(containing: now) - .seconds(60))
        let bare = now - Self.histogramSpan - .seconds(60)
        for index in rows.indices where rows[index].minute < bare && !(rows[index].wait.isEmpty && rows[index].run.isEmpty) {
            rows[index].wait = LatencyHistogram()
            rows[index].run = LatencyHistogram()
        }
        // What no window needs any more: older than the store keeps.
        let kept = now - MinuteStats.retention
        if let first = rows.first, first.minute < kept { rows.removeAll { $0.minute < kept } }
        return rows.filter { $0.minute >= start }
    }
}
