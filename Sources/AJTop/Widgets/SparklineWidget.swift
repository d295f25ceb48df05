/// Counts over time as one row of block heights, newest on the right, scaled to the largest count; zero is
/// a dim dot so an idle period is visible without colour.
public struct SparklineWidget: Widget {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Oldest first.
    public var values: [Int]
    /// The style of non-zero bars.
    public var style: Style

    /// Creates a sparkline.
    public init(values: [Int], style: Style = .ok) {
        self.values = values
        self.style = style
    }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let shown = Array(values.suffix(area.width))
        let peak = shown.max() ?? 0
        let start = area.x + area.width - shown.count
        for (offset, value) in shown.enumerated() {
            let cell: Cell
            if value <= 0 || peak == 0 { cell = Cell("·", .dim) }
            else {
                let level = max(0, min(7, Int((Double(value) / Double(peak) * 8).rounded(.up)) - 1))
                cell = Cell(Self.levels[level], style)
            }
            buffer[start + offset, area.y] = cell
        }
    }
}
