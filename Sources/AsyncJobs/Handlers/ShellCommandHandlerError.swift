/// Why a ``ShellCommandHandler`` attempt failed (and so retries).
public enum ShellCommandHandlerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command ran and failed; the message is its standard error's last line or its exit status.
    case failed(String)
    /// The command could not be started.
    case spawn(String)
    /// The task file could not be written.
    case taskFile(path: String, reason: String)
    /// The command exited 0 but wrote more than ``ShellCommandHandler/resultLimit`` bytes to standard output.
    case resultTooLarge(size: Int, limit: Int)

    public var description: String {
        switch self {
        case .failed(let message): message
        case .spawn(let message): message
        case .taskFile(let path, let reason): "cannot write task file \(path): \(reason)"
        case .resultTooLarge(let size, let limit):
            "the command's output (\(size) bytes) is larger than the result limit of \(limit) bytes; write large results to a file and print its path"
        }
    }
}
