/// What one queue's tasks of one type did in one UTC minute: the history behind the dashboard's
/// throughput and error-rate charts (kept ``retention``, 7 days) and its wait and run percentiles.
///
/// Stores record it in the same write as the state change it counts, so the figures never disagree with
/// the tasks: a claim adds its attempt's wait, a resolution (or a rescue, for an attempt whose worker
/// vanished) adds the attempt's run time and the outcome.
public struct MinuteStats: Sendable, Hashable {
    /// The queue the tasks were in.
    public var queue: String
    /// The task type.
    public var type: String
    /// The start of the UTC minute (``minute(containing:)``).
    public var minute: Timestamp
    /// Tasks that completed in the minute.
    public var completed: Int
    /// Tasks that ended expired or terminated in the minute (as ``FinishedCounts/failed``), whether an
    /// attempt, a deadline, MaxAge, DiscardOld or an operator ended them.
    public var failed: Int
    /// Attempts that ended in the minute having failed (thrown, timed out, no handler, interrupted)
    /// and left their task to retry.
    public var retried: Int
    /// Ready → started, for each attempt that started in the minute. "Ready" is when the task last
    /// became runnable: its enqueue, its retry's due time, its release by its last dependency, an
    /// operator retry, or the expiry of a vanished worker's lease.
    public var wait: LatencyHistogram
    /// Started → ended, for each attempt that ended in the minute.
    public var run: LatencyHistogram

    /// How long stores keep the rows: 7 days for the week chart, plus an hour so that the chart's oldest
    /// bucket is whole while housekeeping catches up.
    public static let retention = Duration.seconds(7 * 86_400 + 3_600)

    /// Creates a row; counts default to zero and histograms to empty.
    public init(queue: String, type: String, minute: Timestamp, completed: Int = 0, failed: Int = 0,
                retried: Int = 0, wait: LatencyHistogram = .init(), run: LatencyHistogram = .init()) {
        self.queue = queue
        self.type = type
        self.minute = minute
        self.completed = completed
        self.failed = failed
        self.retried = retried
        self.wait = wait
        self.run = run
    }

    /// The start of the UTC minute holding `time` (Unix time has no leap seconds, so minutes are exact
    /// multiples of 60 s).
    public static func minute(containing time: Timestamp) -> Timestamp {
        let width: Int64 = 60_000_000_000
        let floor = time.nanoseconds >= 0 ? time.nanoseconds / width : (time.nanoseconds - width + 1) / width
        return Timestamp(nanoseconds: floor * width)
    }

    /// Whether the row records nothing (a store keeps no such row).
    public var isEmpty: Bool { totals.isEmpty }

    /// The row's figures without its queue, type and minute.
    public var totals: StatsTotals {
        get { StatsTotals(completed: completed, failed: failed, retried: retried, wait: wait, run: run) }
        set { (completed, failed, retried, wait, run) = (newValue.completed, newValue.failed, newValue.retried, newValue.wait, newValue.run) }
    }

    /// Adds another row's figures to this one's (its queue, type and minute are not checked: merging
    /// rows of several types or minutes is how totals are made).
    public mutating func merge(_ other: MinuteStats) {
        totals.add(other.totals)
    }
}
