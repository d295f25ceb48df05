/// What ended an attempt, as the executor saw it first.
enum AttemptEvent: Sendable {
    /// The handler returned or threw.
    case finished(Result<JSONValue, any Error>)
    /// The attempt reached start + MaxRunTime.
    case deadlinePassed
    /// An operator asked to terminate the task.
    case terminateRequested
    /// The pool is shutting down and its grace period ran out.
    case shutdown
    /// A renewal found the lease gone: the worker went too long without renewing (it was frozen) and
    /// another process rescued the task.
    case leaseLost
}
