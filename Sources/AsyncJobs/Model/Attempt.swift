/// One handler invocation of a task: the history that retry timelines draw.
public struct Attempt: Sendable, Hashable, Codable {
    /// How an attempt ended.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// Still running.
        case running
        /// The handler returned a result.
        case complete
        /// The handler threw, or no handler matched.
        case failed
        /// The attempt overran MaxRunTime and was cancelled.
        case timeout
        /// The handler threw the terminate error, or an operator terminated the task.
        case terminated
        /// The worker vanished (killed, crashed) and its lease expired.
        case interrupted
    }

    /// 1-based position in the task's history; never restarts, even when an operator retries the task.
    public var n: Int
    /// The worker that ran it.
    public var worker: String
    /// When it started.
    public var started: Timestamp
    /// When it ended; nil while running.
    public var ended: Timestamp?
    /// How it ended.
    public var outcome: Outcome
    /// The failure, if any.
    public var error: String?

    /// Creates an attempt record.
    public init(n: Int, worker: String, started: Timestamp, ended: Timestamp? = nil,
                outcome: Outcome = .running, error: String? = nil) {
        self.n = n
        self.worker = worker
        self.started = started
        self.ended = ended
        self.outcome = outcome
        self.error = error
    }
}
