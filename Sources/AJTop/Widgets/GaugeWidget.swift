/// A horizontal bar of `value` against `limit`, in eighths of a cell; its meaning turns from ok to warning
/// near the limit and to danger at saturation, and the empty part is dotted so the fill reads without colour.
public struct GaugeWidget: Widget {
    static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The amount in use.
    public var value: Int
    /// The capacity.
    public var limit: Int

    /// Creates a gauge.
    public init(value: Int, limit: Int) {
        self.value = value
        self.limit = limit
    }

    /// The fill's meaning: saturation is danger, 80% and above a warning.
    public var style: Style {
        guard limit > 0 else { return .dim }
        if value >= limit { return .danger }
        // 80% without multiplying: `value * 5` overflowed (a trap) for a MaxConcurrent near 2^63.
        return value >= limit - limit / 5 ? .warning : .ok
    }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let ratio = limit > 0 ? min(1, max(0, Double(value) / Double(limit))) : 0
        let eighths = Int((ratio * Double(area.width * 8)).rounded())
        for column in 0..<area.width {
            let filled = eighths - column * 8
            let cell: Cell
            if filled >= 8 { cell = Cell("█", style) }
            else if filled > 0 { cell = Cell(Self.partials[filled - 1], style) }
            else { cell = Cell("·", .dim) }
            buffer[area.x + column, area.y] = cell
        }
    }
}
