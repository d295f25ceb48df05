/// The terminal could not be taken over (no terminal, or one ncurses cannot drive).
public struct TerminalError: Error, CustomStringConvertible {
    /// What went wrong, for the user.
    public var message: String

    /// Creates the error.
    public init(message: String) { self.message = message }

    public var description: String { message }
}
