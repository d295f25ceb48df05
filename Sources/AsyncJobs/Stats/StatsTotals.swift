/// Counts and latency distributions summed over any set of ``MinuteStats`` rows (several minutes, task
/// types or queues): what a chart bucket, a "last 5 min" column or a 7-day total shows.
public struct StatsTotals: Sendable, Hashable {
    /// Tasks completed.
    public var completed: Int
    /// Tasks that ended expired or terminated.
    public var failed: Int
    /// Failed attempts that left their task to retry.
    public var retried: Int
    /// Ready → started of the attempts that started.
    public var wait: LatencyHistogram
    /// Started → ended of the attempts that ended.
    public var run: LatencyHistogram

    /// Creates totals; everything defaults to zero and empty.
    public init(completed: Int = 0, failed: Int = 0, retried: Int = 0, wait: LatencyHistogram = .init(),
                run: LatencyHistogram = .init()) {
        self.completed = completed
        self.failed = failed
        self.retried = retried
        self.wait = wait
        self.run = run
    }

    /// Nothing at all.
    public static let zero = StatsTotals()

    /// Whether nothing was counted or timed.
    public var isEmpty: Bool { completed == 0 && failed == 0 && retried == 0 && wait.isEmpty && run.isEmpty }

    /// Tasks that finished, well or badly.
    public var finished: Int { completed + failed }

    /// The share of finished tasks that failed (0…1), nil when none finished: the dashboard's error rate.
    public var errorRate: Double? { finished == 0 ? nil : Double(failed) / Double(finished) }

    /// Adds other totals.
    public mutating func add(_ other: StatsTotals) {
        completed += other.completed
        failed += other.failed
        retried += other.retried
        wait.merge(other.wait)
        run.merge(other.run)
    }

    /// Adds a row's figures.
    public mutating func add(_ row: MinuteStats) {
        add(row.totals)
    }
}
