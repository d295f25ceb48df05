/// Counts as bars growing upwards, one column each from the left, scaled so the largest fills the area's
/// height, in eighths of a row; any count above zero gets at least an eighth, so a single event shows, and
/// a zero is a dim dot on the bottom row, so an idle period reads without colour.
public struct BarChartWidget: Widget {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One count per column, oldest first.
    public var values: [Int]
    /// The style of the bars.
    public var style: Style

    /// Creates a chart.
    public init(values: [Int], style: Style) {
        self.values = values
        self.style = style
    }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let peak = values.max() ?? 0
        let rows = area.height
        for (column, value) in values.prefix(area.width).enumerated() {
            guard value > 0, peak > 0 else {
                buffer[area.x + column, area.bottom - 1] = Cell("·", .dim)
                continue
            }
            let eighths = max(1, Int((Double(value) / Double(peak) * Double(rows * 8)).rounded()))
            for row in 0..<rows {
                let filled = eighths - row * 8
                guard filled > 0 else { break }
                buffer[area.x + column, area.bottom - 1 - row] = Cell(Self.levels[min(8, filled) - 1], style)
            }
        }
    }
}
