/// How the engine resolves an attempt; the store applies it atomically with the end of the lease.
///
/// The engine decides (outcome mapping, retry timing, tries limits live in ``AttemptRules``); stores only
/// apply. One exception, enforced by every store: a task an operator asked to terminate ends
/// `terminated` whatever resolution arrives.
public enum Resolution: Sendable, Hashable {
    /// The handler returned `result`: the task becomes `complete`.
    case complete(result: JSONValue)
    /// The attempt failed (`outcome` `.failed` or `.timeout`): the task becomes `retry`, runnable at `at`.
    case retry(at: Timestamp, outcome: Attempt.Outcome, error: String)
    /// The attempt failed and no tries are left: the task becomes `expired`.
    case expire(outcome: Attempt.Outcome, error: String)
    /// The handler threw the terminate error: the task becomes `terminated`.
    case terminate(error: String)

    /// The state the task takes.
    public var state: TaskState {
        switch self {
        case .complete: .complete
        case .retry: .retry
        case .expire: .expired
        case .terminate: .terminated
        }
    }

    /// The outcome recorded on the attempt.
    public var outcome: Attempt.Outcome {
        switch self {
        case .complete: .complete
        case .retry(_, let outcome, _), .expire(let outcome, _): outcome
        case .terminate: .terminated
        }
    }

    /// The error to record, if any, capped to ``ErrorText/limit``: what stores write, never the raw text.
    public var error: String? {
        switch self {
        case .complete: nil
        case .retry(_, _, let error), .expire(_, let error), .terminate(let error): ErrorText.capped(error)
        }
    }
}

/// What happened to a ``Resolution``.
public enum ResolutionReceipt: Sendable, Hashable {
    /// Applied; the task is now in this state.
    case applied(TaskState)
    /// An operator had asked to terminate the task, so it ended `terminated` instead.
    case terminatedByOperator
    /// The lease was no longer this worker's (it expired and was rescued, or the task was deleted):
    /// nothing was written.
    case leaseLost
}
