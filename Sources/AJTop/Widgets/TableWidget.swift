/// Rows under column titles, with one selected row highlighted and marked with `▶` (so the selection is
/// visible in monochrome too). Cells are text or any widget (gauges, sparklines).
public struct TableWidget: Widget {
    /// How wide a column is.
    public enum Width: Sendable, Hashable {
        /// Exactly this many columns.
        case fixed(Int)
        /// Shares what the fixed columns leave, never below this.
        case flexible(minimum: Int)
    }

    /// A column.
    public struct Column: Sendable {
        /// Its title.
        public var title: String
        /// Its width.
        public var width: Width
        /// Right-aligned (numbers) or left-aligned (text).
        public var alignRight: Bool

        /// Creates a column.
        public init(_ title: String, _ width: Width, alignRight: Bool = false) {
            self.title = title
            self.width = width
            self.alignRight = alignRight
        }
    }

    /// One cell.
    public enum Item: Sendable {
        /// Text in a style.
        case text(String, Style)
        /// A widget drawn into the cell's rectangle.
        case widget(any Widget)
    }

    /// The columns.
    public var columns: [Column]
    /// The rows.
    public var rows: [[Item]]
    /// The highlighted row, if any.
    public var selected: Int?
    /// Text shown instead of rows when there are none.
    public var emptyText: String

    /// Creates a table.
    public init(columns: [Column], rows: [[Item]], selected: Int?, emptyText: String) {
        self.columns = columns
        self.rows = rows
        self.selected = selected
        self.emptyText = emptyText
    }

    /// Column widths for a table `width` wide: the marker column, then one space between columns.
    public func layout(width: Int) -> [Int] {
        let gaps = columns.count
        let fixed = columns.reduce(0) { total, column in
            if case .fixed(let size) = column.width { return total + size }
            return total
        }
        let flexibleCount = columns.filter { if case .flexible = $0.width { true } else { false } }.count
        let spare = max(0, width - 1 - gaps - fixed)
        var remaining = spare
        return columns.enumerated().map { index, column in
            switch column.width {
            case .fixed(let size): return size
            case .flexible(let minimum):
                let isLast = !columns[(index + 1)...].contains { if case .flexible = $0.width { true } else { false } }
                let share = isLast ? remaining : spare / max(1, flexibleCount)
                remaining -= share
                return max(minimum, share)
            }
        }
    }

    /// How many rows fit under the title in `height`.
    public static func visibleRows(height: Int) -> Int { max(0, height - 1) }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let widths = layout(width: area.width)
        let titleRow = area.row(0)
        buffer.fill(titleRow, style: .columnTitle)
        var x = area.x + 1
        for (column, width) in zip(columns, widths) {
            buffer.write(TextWidth.pad(column.title, to: width, alignRight: column.alignRight), x: x, y: titleRow.y,
                         style: .columnTitle, clip: titleRow)
            x += width + 1
        }
        let body = area.splitTop(1).1
        if rows.isEmpty {
            buffer.write(emptyText, x: body.x + 1, y: body.y, style: .dim, clip: body)
            return
        }
        for (index, row) in rows.prefix(body.height).enumerated() {
            let line = body.row(index)
            let isSelected = index == selected
            let textStyle: (Style) -> Style = { isSelected ? .selectionFocused : $0 }
            if isSelected {
                buffer.fill(line, style: .selectionFocused)
                buffer.write("▶", x: line.x, y: line.y, style: .selectionFocused)
            }
            var x = line.x + 1
            for (column, (item, width)) in zip(columns, zip(row, widths)) {
                let cell = Rect(x: x, y: line.y, width: min(width, line.right - x), height: 1)
                switch item {
                case .text(let text, let style):
                    buffer.write(TextWidth.pad(text, to: cell.width, alignRight: column.alignRight), x: cell.x, y: cell.y,
                                 style: textStyle(style), clip: line)
                case .widget(let widget):
                    widget.render(into: cell, buffer: &buffer)
                    // Keep the highlight unbroken behind a widget's background cells; its marks keep their
                    // own meaning.
                    if isSelected {
                        for x in cell.x..<cell.right where buffer[x, cell.y].style == .dim {
                            buffer[x, cell.y].style = .selectionFocused
                        }
                    }
                }
                x += width + 1
                if x >= line.right { break }
            }
        }
    }
}
