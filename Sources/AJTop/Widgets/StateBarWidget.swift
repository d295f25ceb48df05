/// A queue's make-up as one stacked bar: a segment per state in proportion to its count, each drawn in its
/// own pattern (so the bar reads without colour), and every state present given at least one cell, so two
/// active tasks beside a million complete ones still show.
public struct StateBarWidget: Widget {
    /// One part of the bar.
    public struct Segment: Sendable, Hashable {
        /// What the segment counts, for the legend.
        public var name: String
        /// The pattern its cells are drawn with.
        public var glyph: Character
        /// Its meaning.
        public var style: Style
        /// How many tasks it stands for.
        public var count: Int

        /// Creates a segment.
        public init(_ name: String, glyph: Character, style: Style, count: Int) {
            self.name = name
            self.glyph = glyph
            self.style = style
            self.count = count
        }
    }

    /// The segments, left to right.
    public var segments: [Segment]

    /// Creates a bar.
    public init(segments: [Segment]) { self.segments = segments }

    /// Cells per segment for a bar `width` wide: one for each non-empty segment first (as many as fit, in
    /// order), the rest shared in proportion to the counts, leftovers to the largest remainders (the
    /// leftmost first among equals, so a frame never flickers between two layouts).
    public func cells(width: Int) -> [Int] {
        var cells = [Int](repeating: 0, count: segments.count)
        let present = segments.indices.filter { segments[$0].count > 0 }
        for index in present.prefix(max(0, width)) { cells[index] = 1 }
        let spare = width - present.count
        let total = present.reduce(0) { $0 + segments[$1].count }
        guard spare > 0, total > 0 else { return cells }
        var given = 0
        var remainders: [(index: Int, remainder: Int)] = []
        for index in present {
            let share = segments[index].count * spare
            cells[index] += share / total
            given += share / total
            remainders.append((index, share % total))
        }
        let order = remainders.sorted { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        for entry in order.prefix(spare - given) {
            cells[entry.index] += 1
        }
        return cells
    }

    public func render(into area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        var x = area.x
        for (segment, count) in zip(segments, cells(width: area.width)) {
            for _ in 0..<count {
                buffer[x, area.y] = Cell(segment.glyph, segment.style)
                x += 1
            }
        }
        // Nothing at all (an empty queue): a dotted track, as an empty gauge.
        while x < area.right {
            buffer[x, area.y] = Cell("·", .dim)
            x += 1
        }
    }
}
