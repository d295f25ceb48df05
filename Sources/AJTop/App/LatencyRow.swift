import AsyncJobs

/// Wait (ready → started) and run percentiles of a queue, or of one task type in it, over the last five
/// minutes and the last hour: one pair of rows of the queue's latency table.
public struct LatencyRow: Sendable, Hashable {
    /// The task type; nil for the whole queue.
    public var type: String?
    /// Over the last five minutes.
    public var recent: LatencyFigures
    /// Over the last hour.
    public var hour: LatencyFigures

    /// Creates a row.
    public init(type: String?, recent: LatencyFigures, hour: LatencyFigures) {
        self.type = type
        self.recent = recent
        self.hour = hour
    }

    /// The short period: the last five minutes, the current one included.
    public static let recentSpan: Duration = .seconds(5 * 60)
    /// The long period: the last hour, the current minute included.
    public static let hour: Duration = .seconds(3600)

    /// The rows of the minutes that start within `span` of `now`'s minute, the current one included.
    public static func minutes(_ rows: some Sequence<MinuteStats>, within span: Duration, of now: Timestamp) -> [MinuteStats] {
        let end = MinuteStats.minute(containing: now) + .seconds(60)
        return MinuteStats.within(rows, from: end - span, to: end)
    }

    /// A queue's latency table from its per-minute rows: the whole queue first, then each type with an
    /// attempt in the last hour, the most timed first (then by name, so the order holds still).
    public static func table(_ rows: [MinuteStats], now: Timestamp) -> [LatencyRow] {
        let hourRows = minutes(rows, within: hour, of: now)
        let recentRows = minutes(hourRows, within: recentSpan, of: now)
        let hourByType = MinuteStats.totalsByType(hourRows)
        let recentByType = MinuteStats.totalsByType(recentRows)
        let queue = LatencyRow(type: nil, recent: LatencyFigures(MinuteStats.totals(recentRows)),
                               hour: LatencyFigures(MinuteStats.totals(hourRows)))
        let busiest = hourByType.sorted { lhs, rhs in
            let (left, right) = (lhs.value.wait.count + lhs.value.run.count, rhs.value.wait.count + rhs.value.run.count)
            return left != right ? left > right : lhs.key < rhs.key
        }
        return [queue] + busiest.map { type, totals in
            LatencyRow(type: type, recent: recentByType[type].map(LatencyFigures.init) ?? .none, hour: LatencyFigures(totals))
        }
    }
}

/// Wait and run percentiles over one period.
public struct LatencyFigures: Sendable, Hashable {
    /// How long attempts waited to start.
    public var wait: Percentiles
    /// How long attempts ran.
    public var run: Percentiles

    /// Creates the figures.
    public init(wait: Percentiles, run: Percentiles) {
        self.wait = wait
        self.run = run
    }

    /// The figures of `totals`' wait and run histograms.
    public init(_ totals: StatsTotals) {
        self.init(wait: Percentiles(totals.wait), run: Percentiles(totals.run))
    }

    /// No samples.
    public static let none = LatencyFigures(wait: .none, run: .none)
}

/// The 50th, 95th and 99th percentile of some durations, nil where there was no sample.
public struct Percentiles: Sendable, Hashable {
    /// The median.
    public var p50: Duration?
    /// The 95th percentile.
    public var p95: Duration?
    /// The 99th percentile.
    public var p99: Duration?
    /// How many durations they were taken from.
    public var samples: Int

    /// Creates percentiles.
    public init(p50: Duration?, p95: Duration?, p99: Duration?, samples: Int) {
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.samples = samples
    }

    /// The percentiles of `histogram`.
    public init(_ histogram: LatencyHistogram) {
        self.init(p50: histogram.percentile(0.5), p95: histogram.percentile(0.95), p99: histogram.percentile(0.99),
                  samples: histogram.count)
    }

    /// No sample.
    public static let none = Percentiles(p50: nil, p95: nil, p99: nil, samples: 0)
}
