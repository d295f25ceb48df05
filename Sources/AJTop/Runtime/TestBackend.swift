/// A terminal in memory for tests: keys come from a script, drawn cells land in a buffer that tests read,
/// so the run loop and the diffing are tested without a terminal.
public final class TestBackend: TerminalBackend {
    /// The terminal's size; change it to simulate a resize.
    public var size: Size
    /// Keys still to be read, first first.
    public var keys: [Key]
    /// What the terminal shows.
    public private(set) var screen: Buffer
    /// How many cells each draw call wrote, to check that unchanged frames write nothing.
    public private(set) var drawCounts: [Int] = []
    /// How many times the screen was flushed.
    public private(set) var flushes = 0

    /// Creates a backend of `size` that will deliver `keys`.
    public init(size: Size, keys: [Key] = []) {
        self.size = size
        self.keys = keys
        screen = Buffer(width: size.width, height: size.height)
    }

    /// Returns the next scripted key at once, or nil without waiting when the script is used up.
    public func readKey(timeout: Duration) -> Key? {
        keys.isEmpty ? nil : keys.removeFirst()
    }

    public func draw(_ updates: [Buffer.Update]) {
        if screen.width != size.width || screen.height != size.height {
            screen = Buffer(width: size.width, height: size.height)
        }
        for update in updates { screen[update.x, update.y] = update.cell }
        drawCounts.append(updates.count)
    }

    public func flush() { flushes += 1 }

    /// Blanks the screen, as a real terminal's repaint would.
    public func clear() { screen = Buffer(width: size.width, height: size.height) }
}
