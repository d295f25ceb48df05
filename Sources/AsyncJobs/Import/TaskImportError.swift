/// A line of a task import that cannot become a task; the import writes nothing.
public struct TaskImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line number in the input.
    public var line: Int
    /// What is wrong with the line.
    public var reason: String

    /// Creates the error.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason); nothing was imported" }
}
