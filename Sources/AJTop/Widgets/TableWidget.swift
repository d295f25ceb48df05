/// Rows under column titles, with one selected row highlighted and marked with `▶` (so the selection is
/// visible in monochrome too). Cells are text or any widget (gauges, sparklines). On a narrow terminal the
/// columns that may be hidden go, first ``Column/hideOrder`` first, until the rest fit.
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
        /// When the table is too narrow for every column, columns with a hide order are left out, the
        /// lowest first; nil: always shown.
        public var hideOrder: Int?

        /// Creates a column.
        public init(_ title: String, _ width: Width, alignRight: Bool = false, hideOrder: Int? = nil) {
            self.title = title
            self.width = width
            self.alignRight = alignRight
            self.hideOrder = hideOrder
        }

        /// The fewest columns it needs.
        var minimum: Int {
            switch width {
            case .fixed(let size): size
            case .flexible(let minimum): minimum
            }
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

    /// Column widths for a table `width` wide, 0 for a hidden column: the marker column, then one space
    /// before each shown column. Flexible columns share what the fixed ones leave equally (the last takes
    /// the remainder), except that one whose minimum is above its share gets its minimum.
    public func layout(width: Int) -> [Int] {
        var shown = Array(columns.indices)
        func needed() -> Int { 1 + shown.reduce(0) { $0 + columns[$1].minimum + 1 } }
        let hideable = columns.indices.filter { columns[$0].hideOrder != nil }
            .sorted { columns[$0].hideOrder! < columns[$1].hideOrder! }
        for index in hideable where needed() > width { shown.removeAll { $0 == index } }
        var widths = [Int](repeating: 0, count: columns.count)
        var flexible: [Int] = []
        var left = width - 1
        for index in shown {
            left -= 1
            if case .fixed(let size) = columns[index].width { widths[index] = size; left -= size } else { flexible.append(index) }
        }
        // Pin the columns whose minimum is above an equal share, until every share is enough.
        while let pinned = flexible.first(where: { columns[$0].minimum > left / flexible.count }) {
            widths[pinned] = columns[pinned].minimum
            left -= widths[pinned]
            flexible.removeAll { $0 == pinned }
        }
        for (position, index) in flexible.enumerated() {
            widths[index] = position == flexible.count - 1 ? left - left / flexible.count * (flexible.count - 1)
                : left / flexible.count
        }
        return widths
    }

    /// How many rows fit under the title in `height`.
    public static func visibleRows(height: Int) -> Int { max(0, height - 1) }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let widths = layout(width: area.width)
        let titleRow = area.row(0)
        buffer.fill(titleRow, style: .columnTitle)
        var x = area.x + 1
        for (column, width) in zip(columns, widths) where width > 0 {
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
            for (column, (item, width)) in zip(columns, zip(row, widths)) where width > 0 {
                let cell = Rect(x: x, y: line.y, width: min(width, line.right - x), height: 1)
                switch item {
                case .text(let text, let style):
                    buffer.write(TextWidth.pad(text, to: cell.width, alignRight: column.alignRight), x: cell.x, y: cell.y,
                                 style: textStyle(style), clip: line)
                case .widget(let widget):
                    widget.render(into: cell, buffer: &buffer)
                    // Keep the highlight unbroken behind a widget's background and plain cells (blanks,
                    // labels); its marks keep their own meaning.
                    if isSelected {
                        for x in cell.x..<cell.right where [.dim, .normal].contains(buffer[x, cell.y].style) {
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
