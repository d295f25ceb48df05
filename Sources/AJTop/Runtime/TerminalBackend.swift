/// What the run loop needs from a terminal. `NcursesBackend` is the real one (the only file that speaks
/// ncurses); tests use ``TestBackend``.
public protocol TerminalBackend: AnyObject {
    /// The terminal's current size.
    var size: Size { get }
    /// The next key, waiting at most `timeout`; nil when none came.
    func readKey(timeout: Duration) -> Key?
    /// Writes changed cells (not yet shown).
    func draw(_ updates: [Buffer.Update])
    /// Shows what was drawn.
    func flush()
    /// Forgets what the terminal shows, so the next flush repaints every cell (after a resize the terminal
    /// may hold a frame drawn for the old size).
    func clear()
}
