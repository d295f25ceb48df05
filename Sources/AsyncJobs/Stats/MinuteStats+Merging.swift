extension MinuteStats {
    /// Everything in `rows` summed into one total.
    public static func totals(_ rows: some Sequence<MinuteStats>) -> StatsTotals {
        rows.reduce(into: StatsTotals()) { $0.add($1) }
    }

    /// `rows` summed per task type (over queues and minutes).
    public static func totalsByType(_ rows: some Sequence<MinuteStats>) -> [String: StatsTotals] {
        rows.reduce(into: [:]) { $0[$1.type, default: StatsTotals()].add($1) }
    }

    /// `rows` summed per queue (over types and minutes).
    public static func totalsByQueue(_ rows: some Sequence<MinuteStats>) -> [String: StatsTotals] {
        rows.reduce(into: [:]) { $0[$1.queue, default: StatsTotals()].add($1) }
    }

    /// The rows whose minute starts at or after `from` and before `to`.
    public static func within(_ rows: some Sequence<MinuteStats>, from: Timestamp, to: Timestamp) -> [MinuteStats] {
        rows.filter { $0.minute >= from && $0.minute < to }
    }

    /// `rows` summed into `buckets` consecutive buckets of `bucket` each (a whole number of minutes, at
    /// least one), the last ending at `end`, oldest first: a chart's columns. A row falls in the bucket
    /// holding its minute's start; rows outside the span are left out.
    public static func series(_ rows: some Sequence<MinuteStats>, buckets: Int, bucket: Duration,
                              endingAt end: Timestamp) -> [StatsTotals] {
        guard buckets > 0, bucket > .zero else { return [] }
        var series = [StatsTotals](repeating: StatsTotals(), count: buckets)
        let width = bucket.nanoseconds
        let start = end.nanoseconds - Int64(buckets) * width
        for row in rows where row.minute.nanoseconds >= start && row.minute.nanoseconds < end.nanoseconds {
            series[Int((row.minute.nanoseconds - start) / width)].add(row)
        }
        return series
    }
}
