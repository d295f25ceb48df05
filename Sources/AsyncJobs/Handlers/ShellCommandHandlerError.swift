/// Why a ``ShellCommandHandler`` attempt failed (and so retries).
public enum ShellCommandHandlerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command ran and failed; the message is its standard error's last line or its exit status.
    case failed(String)
    /// The command could not be started.
    case spawn(String)
    /// The task file could not be written.
    case taskFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .failed(let message): message
        case .spawn(let message): message
        case .taskFile(let path, let reason): "cannot write task file \(path): \(reason)"
        }
    }
}
