/// A queue's recent history as `ajc queue info` and `/v1/queues/{name}` report it: counts and wait and
/// run percentiles over the last 5 minutes and the last hour, per queue and per task type, and the last
/// 7 days' totals.
public struct QueueActivity: Sendable, Hashable {
    /// The figures of one time window.
    public struct Window: Sendable, Hashable {
        /// The last 5 minutes (the current minute and the 4 before it).
        public var last5m: StatsTotals
        /// The last hour (the current minute and the 59 before it).
        public var last1h: StatsTotals

        /// Creates the windows.
        public init(last5m: StatsTotals, last1h: StatsTotals) {
            self.last5m = last5m
            self.last1h = last1h
        }
    }

    /// The whole queue.
    public var queue: Window
    /// Each task type with activity in the last hour.
    public var byType: [String: Window]
    /// The last 7 days (the current minute and the 7 × 1,440 − 1 before it).
    public var last7d: StatsTotals

    /// The percentiles every window reports, with the name each goes by in JSON (`wait_p95_ms`).
    public static let percentiles: [(name: String, p: Double)] = [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)]

    /// Creates the report.
    public init(queue: Window, byType: [String: Window], last7d: StatsTotals) {
        self.queue = queue
        self.byType = byType
        self.last7d = last7d
    }

    /// The report made of `rows` (one queue's ``MinuteStats``) as of `now`.
    public init(rows: [MinuteStats], now: Timestamp) {
        let current = MinuteStats.minute(containing: now)
        let hour = MinuteStats.within(rows, from: current - .seconds(59 * 60), to: current + .seconds(60))
        let fiveMinutes = MinuteStats.within(hour, from: current - .seconds(4 * 60), to: current + .seconds(60))
        let hourByType = MinuteStats.totalsByType(hour)
        let fiveByType = MinuteStats.totalsByType(fiveMinutes)
        let byType = Dictionary(uniqueKeysWithValues: hourByType.map { type, hour in
            (type, Window(last5m: fiveByType[type] ?? .zero, last1h: hour))
        })
        self.init(queue: Window(last5m: MinuteStats.totals(fiveMinutes), last1h: MinuteStats.totals(hour)), byType: byType,
                  last7d: MinuteStats.totals(MinuteStats.within(rows, from: Self.weekStart(current), to: current + .seconds(60))))
    }

    /// The first minute of the 7 days that end with the minute starting `current`.
    static func weekStart(_ current: Timestamp) -> Timestamp { current - .seconds(7 * 86_400 - 60) }

    /// Reads the report of `queue` from `store` as of `now`: one ``InspectorStore/minuteStats(queue:from:to:)``
    /// read of the last 7 days.
    public static func read(queue: String, from store: any InspectorStore, now: Timestamp) async throws -> QueueActivity {
        let current = MinuteStats.minute(containing: now)
        let rows = try await store.minuteStats(queue: queue, from: weekStart(current), to: current + .seconds(60))
        return QueueActivity(rows: rows, now: now)
    }
}
