/// A rectangle of terminal cells, the unit of layout: widgets render into one.
public struct Rect: Sendable, Hashable {
    /// Left column.
    public var x: Int
    /// Top row.
    public var y: Int
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int

    /// Creates a rectangle; negative sizes become empty.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// Whether it holds no cell.
    public var isEmpty: Bool { width == 0 || height == 0 }
    /// One past the right column.
    public var right: Int { x + width }
    /// One past the bottom row.
    public var bottom: Int { y + height }

    /// The row `index` (from the top; negative counts from the bottom) as a one-row rectangle.
    public func row(_ index: Int) -> Rect {
        let row = index >= 0 ? y + index : bottom + index
        guard row >= y, row < bottom else { return Rect(x: x, y: y, width: 0, height: 0) }
        return Rect(x: x, y: row, width: width, height: 1)
    }

    /// Splits off `rows` rows at the top: (top, rest).
    public func splitTop(_ rows: Int) -> (Rect, Rect) {
        let taken = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: taken),
                Rect(x: x, y: y + taken, width: width, height: height - taken))
    }

    /// Splits off `rows` rows at the bottom: (rest, bottom).
    public func splitBottom(_ rows: Int) -> (Rect, Rect) {
        let taken = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - taken),
                Rect(x: x, y: bottom - taken, width: width, height: taken))
    }

    /// Splits off `columns` columns at the left: (left, rest).
    public func splitLeft(_ columns: Int) -> (Rect, Rect) {
        let taken = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: taken, height: height),
                Rect(x: x + taken, y: y, width: width - taken, height: height))
    }

    /// The rectangle shrunk by `columns` on the left and right and `rows` at the top and bottom.
    public func inset(columns: Int = 0, rows: Int = 0) -> Rect {
        Rect(x: x + columns, y: y + rows, width: width - 2 * columns, height: height - 2 * rows)
    }
}
