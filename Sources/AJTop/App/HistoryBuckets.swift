import AsyncJobs

/// A queue's finished attempts in equal buckets over a ``HistoryWindow``, oldest first: what the history
/// chart draws. Buckets start on multiples of their width (a 15-minute bucket at :00, :15, :30, :45), so
/// they keep their place as time passes; the last one holds the current, still growing, bucket.
public struct HistoryBuckets: Sendable, Hashable {
    /// Where the first bucket starts.
    public var start: Timestamp
    /// One bucket's width.
    public var bucket: Duration
    /// Attempts that completed their task, per bucket.
    public var completed: [Int]
    /// Attempts that ended their task badly (expired, terminated), per bucket.
    public var failed: [Int]
    /// Attempts that failed and left their task to retry, per bucket.
    public var retried: [Int]

    /// Empty buckets of `bucket` covering `span` back from the bucket holding `now`.
    public init(endingAt now: Timestamp, span: Duration, bucket: Duration) {
        let width = max(1, bucket.nanoseconds)
        let count = Int(max(1, (span.nanoseconds + width - 1) / width))
        let current = now.nanoseconds - ((now.nanoseconds % width) + width) % width
        start = Timestamp(nanoseconds: current - Int64(count - 1) * width)
        self.bucket = bucket
        completed = Array(repeating: 0, count: count)
        failed = completed
        retried = completed
    }

    /// The bucket's width as the chart's title names it: `1m`, `15m`, `3h` (widths are whole minutes
    /// dividing an hour, or whole hours).
    public var bucketName: String {
        let minutes = bucket.nanoseconds / 60_000_000_000
        return minutes < 60 || minutes % 60 != 0 ? "\(minutes)m" : "\(minutes / 60)h"
    }

    /// Where the last bucket ends.
    public var end: Timestamp { start + bucket * completed.count }

    /// The buckets of `span` back from `now`'s bucket, counted from a queue's per-minute `rows`.
    public init(_ rows: some Sequence<MinuteStats>, endingAt now: Timestamp, span: Duration, bucket: Duration) {
        self.init(endingAt: now, span: span, bucket: bucket)
        let series = MinuteStats.series(rows, buckets: completed.count, bucket: bucket, endingAt: end)
        completed = series.map(\.completed)
        failed = series.map(\.failed)
        retried = series.map(\.retried)
    }

    /// Every finished attempt per bucket: completed, failed and retried.
    public var attempts: [Int] { completed.indices.map { completed[$0] + failed[$0] + retried[$0] } }

    /// Failed and retried attempts per bucket: the error rate's numerator.
    public var errors: [Int] { failed.indices.map { failed[$0] + retried[$0] } }

    /// The error rate of each bucket in tenths of a percent (0…1000), 0 where nothing finished: the heights
    /// of the error-rate bars.
    public var errorPermille: [Int] {
        zip(errors, attempts).map { errors, attempts in attempts == 0 ? 0 : Int((Double(errors) * 1000 / Double(attempts)).rounded(.up)) }
    }
}
