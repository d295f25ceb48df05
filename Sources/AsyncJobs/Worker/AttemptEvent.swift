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
    /// The pool refused to run the task (its signature did not verify); the reason is the task's error.
    case refused(String)
}

extension AttemptEvent {
    /// Whether the handler itself failed: it threw (the terminate error included, as asyncjobs counts it)
    /// or ran past MaxRunTime. Operator terminates and shutdowns are not the handler's failures.
    var isHandlerFailure: Bool {
        switch self {
        case .finished(.failure), .deadlinePassed: true
        case .finished(.success), .terminateRequested, .shutdown, .leaseLost, .refused: false
        }
    }
}
