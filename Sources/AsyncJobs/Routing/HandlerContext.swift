import Logging

/// What a handler knows about the attempt it runs.
///
/// Cancellation reaches the handler as Swift task cancellation: the engine cancels it at the deadline
/// (start + MaxRunTime) or when an operator terminates the task, so long-running handlers should check
/// `Task.isCancelled` or use cancellable awaits.
public struct HandlerContext: Sendable {
    /// When this attempt will be cancelled: start + the queue's MaxRunTime.
    public let deadline: Timestamp
    /// 1-based try number within the task's current run (restarts when an operator retries it).
    public let attempt: Int
    /// The worker running the attempt.
    public let worker: String
    /// A logger carrying the task's id and type as metadata.
    public let logger: Logger

    /// Creates a context.
    public init(deadline: Timestamp, attempt: Int, worker: String, logger: Logger) {
        self.deadline = deadline
        self.attempt = attempt
        self.worker = worker
        self.logger = logger
    }

    /// Whether the attempt has been cancelled (deadline reached or terminated by an operator).
    public var isCancelled: Bool { Task.isCancelled }
}
