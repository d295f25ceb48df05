/// Counts over time as one row of block heights, newest on the right, scaled to the largest count; zero is
/// a dim dot so an idle period is visible without colour, and periods before the data's history began are
/// left blank, so a new store's first minute reads as "not yet measured", not as idle.
public struct SparklineWidget: Widget {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Oldest first.
    public var values: [Int]
    /// How many of the newest values were measured; the older ones precede the history.
    public var recorded: Int
    /// The style of non-zero bars.
    public var style: Style

    /// Creates a sparkline; `recorded` defaults to every value.
    public init(values: [Int], recorded: Int? = nil, style: Style = .ok) {
        self.values = values
        self.recorded = recorded ?? values.count
        self.style = style
    }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let shown = Array(values.suffix(area.width))
        let unrecorded = max(0, shown.count - recorded)
        let peak = shown.dropFirst(unrecorded).max() ?? 0
        let start = area.x + area.width - shown.count
        for (offset, value) in shown.enumerated() {
            let cell: Cell
            if offset < unrecorded { cell = Cell.blank }
            else if value <= 0 || peak == 0 { cell = Cell("·", .dim) }
            else {
                let level = max(0, min(7, Int((Double(value) / Double(peak) * 8).rounded(.up)) - 1))
                cell = Cell(Self.levels[level], style)
            }
            buffer[start + offset, area.y] = cell
        }
    }
}
