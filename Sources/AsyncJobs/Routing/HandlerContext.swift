import Logging

/// What a handler knows about the attempt it runs.
///
/// Cancellation reaches the handler as Swift task cancellation: the engine cancels it at the deadline
/// (start + MaxRunTime), when an operator terminates the task, or when the worker finds its lease lost (it
/// was frozen past the lease window and another process rescued the task), so long-running handlers should check
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
    /// Beats each time the pool renews this attempt's lease; nil when no pool keeps a lease for it.
    public let heartbeat: LeaseHeartbeat?

    /// Creates a context.
    public init(deadline: Timestamp, attempt: Int, worker: String, logger: Logger, heartbeat: LeaseHeartbeat? = nil) {
        self.deadline = deadline
        self.attempt = attempt
        self.worker = worker
        self.logger = logger
        self.heartbeat = heartbeat
    }

    /// Whether the attempt has been cancelled (deadline reached or terminated by an operator).
    public var isCancelled: Bool { Task.isCancelled }
}
