/// What `ajc queue info` and `GET /v1/queues/{name}` show of one queue: its settings and live figures
/// (``QueueSummary``) and its recent history and latency (``QueueActivity``).
public struct QueueInfo: Sendable, Hashable, Encodable {
    /// Settings and live figures.
    public var summary: QueueSummary
    /// Counts and percentiles of the last 5 minutes, hour and 7 days.
    public var activity: QueueActivity

    /// Creates the report.
    public init(summary: QueueSummary, activity: QueueActivity) {
        self.summary = summary
        self.activity = activity
    }

    /// Reads both parts of `queue`'s report from `store` as of `now`.
    public static func read(queue: String, from store: any InspectorStore, now: Timestamp) async throws -> QueueInfo {
        let summary = try await store.summary(queue: queue)
        return QueueInfo(summary: summary, activity: try await QueueActivity.read(queue: queue, from: store, now: now))
    }

    /// One JSON object: the summary's keys, then the activity's.
    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        try activity.encode(to: encoder)
    }
}
