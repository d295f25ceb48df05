import AsyncJobs

/// A queue's completions over the throughput window: the sparkline, then its scale, the peak rate
/// (`peak 14/s`, or `14/s` where space is short; `idle` when nothing completed), so the bars' heights mean
/// something. The window itself is in the column title.
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

    /// The scale text for a cell `width` wide beside the sparkline.
    public func label(width: Int) -> String {
        let peak = counts.completed.suffix(counts.recordedBuckets).max() ?? 0
        guard peak > 0 else { return "idle" }
        let rate = Format.rate(Double(peak) / bucket.seconds)
        return TextWidth.of("peak " + rate) <= width ? "peak " + rate : rate
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
