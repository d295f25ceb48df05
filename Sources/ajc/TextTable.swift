/// A plain-text table that fits a terminal width (80 columns by default), for people rather than scripts.
///
/// Columns take the width of their widest cell; when the table is too wide the widest shrinkable
/// columns give up space first and their cells are cut with "…", so short columns (states, counts)
/// stay whole.
struct TextTable {
    /// A column's title and how it lines up.
    struct Column {
        var title: String
        var alignRight = false
        /// Narrowest the column may become when the table is squeezed.
        var minimumWidth = 4
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [Column]) { self.columns = columns }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The table, one line per row under a title line, at most `width` columns wide.
    func render(width: Int = 80) -> String {
        var widths = columns.indices.map { index in
            rows.reduce(columns[index].title.count) { max($0, $1[index].count) }
        }
        let separators = columns.count - 1
        while widths.reduce(separators, +) > width {
            let shrinkable = widths.indices.filter { widths[$0] > max(columns[$0].minimumWidth, columns[$0].title.count) }
            guard let widest = shrinkable.max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
        }
        let lines = ([columns.map(\.title)] + rows).map { cells in
            cells.indices.map { index in
                pad(cut(cells[index], to: widths[index]), to: widths[index], right: columns[index].alignRight,
                    last: index == cells.count - 1)
            }.joined(separator: " ")
        }
        return lines.joined(separator: "\n")
    }

    private func cut(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }

    private func pad(_ text: String, to width: Int, right: Bool, last: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        if right { return padding + text }
        // No trailing blanks after the last column.
        return last ? text : text + padding
    }
}
