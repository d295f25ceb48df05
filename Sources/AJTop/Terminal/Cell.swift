/// One terminal cell: a character and its meaning.
public struct Cell: Sendable, Hashable {
    /// The second column of a double-width character: backends draw nothing there.
    public static let continuation: Character = "\u{0}"
    /// A blank cell.
    public static let blank = Cell(" ", .normal)

    /// What the cell shows.
    public var character: Character
    /// What it means.
    public var style: Style

    /// Creates a cell.
    public init(_ character: Character, _ style: Style = .normal) {
        self.character = character
        self.style = style
    }

    /// Whether this is the hidden right half of a wide character.
    public var isContinuation: Bool { character == Cell.continuation }
}
