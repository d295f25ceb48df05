import AsyncJobs

/// A queue's completions over the throughput window: the sparkline, then the rate, completions per second
/// over the window (over its recorded part, for a history younger than the window), and where there is room
/// the sparkline's scale, its peak rate (`4.5/s peak 14/s`); `idle` when nothing completed. The window
/// itself is in the column title.
public struct ThroughputWidget: Widget {
    /// The queue's finished tasks per bucket.
    public var counts: FinishedCounts
    /// One bucket's width.
    public var bucket: Duration

    /// Creates the widget.
    public init(counts: FinishedCounts, bucket: Duration) {
        self.counts = counts
        self.bucket = bucket
    }

    /// Completions per second over the recorded buckets; 0 when none is recorded.
    public var rate: Double {
        let recorded = counts.completed.suffix(counts.recordedBuckets)
        guard !recorded.isEmpty else { return 0 }
        return Double(recorded.reduce(0, +)) / (bucket.seconds * Double(recorded.count))
    }

    /// The rate text for a cell `width` wide beside the sparkline.
    public func label(width: Int) -> String {
        let peak = counts.completed.suffix(counts.recordedBuckets).max() ?? 0
        guard peak > 0 else { return "idle" }
        let rate = Format.rate(rate)
        let scaled = rate + " peak " + Format.rate(Double(peak) / bucket.seconds)
        return TextWidth.of(scaled) <= width ? scaled : rate
    }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let bars = min(counts.completed.count, area.width)
        let (plot, rest) = area.splitLeft(bars)
        SparklineWidget(values: counts.completed, recorded: counts.recordedBuckets).render(into: plot, buffer: &buffer)
        let text = label(width: rest.width - 1)
        let style: Style = text == "idle" ? .dim : .normal
        buffer.write(" " + text, x: rest.x, y: rest.y, style: style, clip: rest)
    }
}
