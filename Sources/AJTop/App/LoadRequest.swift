import AsyncJobs

/// What the current screen needs from the store. Equal requests let the store controller skip a reload when the
/// store's change token has not moved.
public enum LoadRequest: Sendable, Hashable {
    /// Every queue's summary and its finished tasks (completed and failed per `bucket`, `buckets` of them).
    case queues(buckets: Int, bucket: Duration)
    /// One queue: summary, a page of tasks, and retries due within `window`.
    case queueDetail(queue: String, filter: TaskFilter, window: Duration)
    /// One queue's history over `window` in buckets of `bucket`, and its latency table.
    case queueStats(queue: String, window: HistoryWindow, bucket: Duration)
    /// One queue's failed tasks, grouped by error.
    case errors(queue: String)
    /// State-change events after `after`; nil: from a backlog before the newest.
    case events(after: Int64?)
    /// One task and its attempts.
    case taskDetail(id: String)
    /// Every schedule and the scheduling leader.
    case schedules
}
