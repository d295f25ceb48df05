/// Throw from a handler to end the task as `terminated` with no further tries: asyncjobs'
/// `ErrTerminateTask`. It is recognised when wrapped in an error that exposes it (see ``WrappingError``).
public struct TerminateTaskError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the task cannot succeed, kept as the task's `last_err`.
    public var reason: String

    /// Creates the error with a reason.
    public init(_ reason: String = "terminated by handler") { self.reason = reason }

    public var description: String { reason }
}

/// An error that wraps another, so that the engine can look through it for a ``TerminateTaskError``.
public protocol WrappingError: Error {
    /// The wrapped error, if any.
    var underlyingError: (any Error)? { get }
}

extension TerminateTaskError {
    /// The terminate error inside `error`, looking through any chain of ``WrappingError``s.
    public static func find(in error: any Error) -> TerminateTaskError? {
        var current: (any Error)? = error
        var depth = 0
        while let candidate = current, depth < 32 {
            if let terminate = candidate as? TerminateTaskError { return terminate }
            current = (candidate as? any WrappingError)?.underlyingError
            depth += 1
        }
        return nil
    }
}
