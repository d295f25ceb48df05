/// A frame of cells. Every frame is drawn whole into a buffer; the runner diffs it with the previous one and
/// the backend writes only the changed cells (Ratatui's approach), so a frame costs what changed.
public struct Buffer: Sendable, Equatable {
    /// One changed cell, as a backend draws it.
    public struct Update: Sendable, Equatable {
        /// Column.
        public var x: Int
        /// Row.
        public var y: Int
        /// The new content.
        public var cell: Cell

        /// Creates an update.
        public init(x: Int, y: Int, cell: Cell) {
            self.x = x
            self.y = y
            self.cell = cell
        }
    }

    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Row-major cells.
    public private(set) var cells: [Cell]

    /// A blank buffer.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (x, y).
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` from (x, y) in `style`, clipped to `clip` (default: the whole row); returns the column
    /// after the last character written. Wide characters that would straddle the edge are dropped.
    @discardableResult
    public mutating func write(_ text: some StringProtocol, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        let bounds = clip ?? area
        guard y >= bounds.y, y < bounds.bottom, y >= 0, y < height else { return x }
        let limit = min(bounds.right, width)
        var column = x
        for character in text {
            let columns = TextWidth.of(character)
            if columns == 0 { continue }
            if column + columns > limit { break }
            if column >= bounds.x {
                self[column, y] = Cell(character, style)
                if columns == 2 { self[column + 1, y] = Cell(Cell.continuation, style) }
            }
            column += columns
        }
        return column
    }

    /// Fills `rect` with `character` in `style`.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .normal) {
        for y in max(0, rect.y)..<min(height, rect.bottom) {
            for x in max(0, rect.x)..<min(width, rect.right) { self[x, y] = Cell(character, style) }
        }
    }

    /// Gives every cell of `rect` the style `style`, keeping the characters (e.g. to highlight a row).
    public mutating func restyle(_ rect: Rect, as style: Style) {
        for y in max(0, rect.y)..<min(height, rect.bottom) {
            for x in max(0, rect.x)..<min(width, rect.right) { cells[y * width + x].style = style }
        }
    }

    /// The cells that differ from `previous`; every cell when the sizes differ.
    public func diff(from previous: Buffer) -> [Update] {
        var updates: [Update] = []
        let sameSize = previous.width == width && previous.height == height
        for index in cells.indices where !sameSize || previous.cells[index] != cells[index] {
            updates.append(Update(x: index % width, y: index / width, cell: cells[index]))
        }
        return updates
    }

    /// The text of each row, trailing spaces kept, continuation cells dropped: what tests compare and
    /// `--batch` prints.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line.append(self[x, y].character) }
            return line
        }
    }

    /// The styles of the cells in `rect`, deduplicated, so tests can check a region's meaning.
    public func styles(in rect: Rect) -> Set<Style> {
        var found: Set<Style> = []
        for y in max(0, rect.y)..<min(height, rect.bottom) {
            for x in max(0, rect.x)..<min(width, rect.right) { found.insert(self[x, y].style) }
        }
        return found
    }
}
