/// Lines of text from a scroll offset, each in its own style; with a `▲`/`▼` marker on the right edge when
/// more lies above or below, so scrollable content says so.
public struct ParagraphWidget: Widget {
    /// A line and its meaning.
    public struct Line: Sendable, Hashable {
        /// The text (already wrapped to the width).
        public var text: String
        /// Its meaning.
        public var style: Style

        /// Creates a line.
        public init(_ text: String, _ style: Style = .normal) {
            self.text = text
            self.style = style
        }
    }

    /// Every line.
    public var lines: [Line]
    /// The first line shown.
    public var scroll: Int

    /// Creates a paragraph.
    public init(lines: [Line], scroll: Int) {
        self.lines = lines
        self.scroll = scroll
    }

    /// The largest useful scroll offset for `height` rows.
    public static func maxScroll(lineCount: Int, height: Int) -> Int { max(0, lineCount - height) }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let first = min(max(0, scroll), Self.maxScroll(lineCount: lines.count, height: area.height))
        for (row, line) in lines.dropFirst(first).prefix(area.height).enumerated() {
            buffer.write(line.text, x: area.x, y: area.y + row, style: line.style, clip: area)
        }
        if first > 0 { buffer[area.right - 1, area.y] = Cell("▲", .dim) }
        if first + area.height < lines.count { buffer[area.right - 1, area.bottom - 1] = Cell("▼", .dim) }
    }
}
