/// Where a task is in its life. The raw values are asyncjobs' wire values and must not change.
public enum TaskState: String, Codable, Sendable, CaseIterable {
    /// Created and waiting for its first attempt.
    case new
    /// A handler is working on it now.
    case active
    /// An attempt failed; waiting for the retry policy's delay.
    case retry
    /// Its deadline passed before it could start, or it ran out of tries.
    case expired
    /// A handler threw the terminate error, or an operator terminated it.
    case terminated
    /// A handler returned a result. (The wire value is `complete`, not "completed".)
    case complete
    /// Its work item could not be created.
    case queueError = "queue_error"
    /// Waiting on dependencies.
    case blocked
    /// A dependency failed, so it can never run.
    case unreachable

    /// States that never change again unless an operator retries the task.
    public var isFinal: Bool {
        switch self {
        case .complete, .expired, .terminated, .unreachable: true
        default: false
        }
    }

    /// States an operator may retry: `retry` and the states a task ends in; not `new`, `active` or
    /// `blocked`, which are already on their way to run.
    public var isRetryable: Bool {
        switch self {
        case .retry, .expired, .terminated, .complete, .queueError, .unreachable: true
        default: false
        }
    }

    /// States whose task waits in its queue for a worker.
    public var isWaiting: Bool { self == .new || self == .retry }

    /// Parses a state name as users type it; `completed` is accepted for `complete`, as asyncjobs does.
    public init?(name: String) {
        if name == "completed" { self = .complete; return }
        self.init(rawValue: name)
    }
}
