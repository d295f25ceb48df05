import AsyncJobs

/// A time axis across the area's width with, above it, either a histogram of instants (how many fall in each
/// column's slice of time) or spans (one row each, from start to end, with a glyph at the start).
///
/// Used for a queue's retries due over the next hour and for a task's attempts.
public struct TimelineWidget: Widget {
    /// A labelled point on the axis.
    public struct Label: Sendable, Hashable {
        /// When.
        public var at: Timestamp
        /// What to print there.
        public var text: String

        /// Creates a label.
        public init(at: Timestamp, text: String) {
            self.at = at
            self.text = text
        }
    }

    /// One interval drawn on its own row, or, with ``marks``, a row of instants.
    public struct Span: Sendable, Hashable {
        /// Start.
        public var start: Timestamp
        /// End (the window's end when still running).
        public var end: Timestamp
        /// Drawn at the start, saying the outcome.
        public var glyph: Character
        /// The span's meaning.
        public var style: Style
        /// When not empty, the row shows the glyph at each of these instants instead of a line from start
        /// to end (a task's projected attempts).
        public var marks: [Timestamp]

        /// Creates a span.
        public init(start: Timestamp, end: Timestamp, glyph: Character, style: Style, marks: [Timestamp] = []) {
            self.start = start
            self.end = end
            self.glyph = glyph
            self.style = style
            self.marks = marks
        }
    }

    /// What is drawn above the axis.
    public enum Content: Sendable, Hashable {
        /// Instants counted per column, drawn as bars growing upwards.
        case histogram([Timestamp], style: Style)
        /// Intervals, one per row, oldest on top.
        case spans([Span])
    }

    /// The window's start (left edge).
    public var start: Timestamp
    /// The window's end (right edge).
    public var end: Timestamp
    /// What to draw.
    public var content: Content
    /// Axis labels; each is placed at its time, clipped to stay inside the area.
    public var labels: [Label]

    /// Creates a timeline.
    public init(start: Timestamp, end: Timestamp, content: Content, labels: [Label]) {
        self.start = start
        self.end = end
        self.content = content
        self.labels = labels
    }

    /// The column (0-based, within `width`) of `time`, clamped to the window.
    public func column(of time: Timestamp, width: Int) -> Int {
        let span = max(1, end.nanoseconds - start.nanoseconds)
        let offset = min(max(0, time.nanoseconds - start.nanoseconds), span)
        return min(width - 1, Int(Double(offset) / Double(span) * Double(width)))
    }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let (plot, axis) = area.splitBottom(area.height > 1 ? 1 : 0)
        switch content {
        case .histogram(let instants, let style): renderHistogram(instants, style: style, into: plot, buffer: &buffer)
        case .spans(let spans): renderSpans(spans, into: plot, buffer: &buffer)
        }
        renderAxis(into: axis, buffer: &buffer)
    }

    /// Counts per column, for tests and the histogram.
    public func counts(of instants: [Timestamp], width: Int) -> [Int] {
        var counts = Array(repeating: 0, count: width)
        guard width > 0 else { return counts }
        for instant in instants where instant >= start && instant <= end { counts[column(of: instant, width: width)] += 1 }
        return counts
    }

    private func renderHistogram(_ instants: [Timestamp], style: Style, into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        BarChartWidget(values: counts(of: instants, width: area.width), style: style).render(into: area, buffer: &buffer)
    }

    private func renderSpans(_ spans: [Span], into area: Rect, buffer: inout Buffer) {
        for (row, span) in spans.suffix(area.height).enumerated() {
            let y = area.y + row
            if !span.marks.isEmpty {
                for mark in span.marks { buffer[area.x + column(of: mark, width: area.width), y] = Cell(span.glyph, span.style) }
                continue
            }
            let first = column(of: span.start, width: area.width)
            let last = max(first, column(of: span.end, width: area.width))
            for column in first...last { buffer[area.x + column, y] = Cell("─", span.style) }
            buffer[area.x + first, y] = Cell(span.glyph, span.style)
        }
    }

    /// Draws only the axis with its labels into the first row of `area` (a chart of its own above it).
    public func renderAxis(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        buffer.fill(area, with: "─", style: .dim)
        for label in labels {
            let width = TextWidth.of(label.text)
            let anchor = column(of: label.at, width: area.width)
            let x = min(max(0, anchor - width / 2), max(0, area.width - width))
            buffer[area.x + anchor, area.y] = Cell("┴", .dim)
            buffer.write(label.text, x: area.x + x, y: area.y, style: .dim, clip: area)
        }
    }
}
