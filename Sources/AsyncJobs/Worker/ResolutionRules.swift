/// The engine's mapping from what ended an attempt to how the task continues: one pure function of the
/// claim, the time and the retry policy, so every store and pool behaves the same and tests are exact.
enum ResolutionRules {
    /// The resolution for `event`, ending `claim`'s attempt at `now`.
    static func resolution(for event: AttemptEvent, claim: Claim, now: Timestamp, retryPolicy: any RetryPolicy,
                           random: inout some RandomNumberGenerator) -> Resolution {
        switch event {
        case .finished(.success(let result)):
            return .complete(result: result)
        case .finished(.failure(let error)):
            if let terminate = TerminateTaskError.find(in: error) { return .terminate(error: terminate.reason) }
            return failure(claim: claim, outcome: .failed, error: describe(error), now: now, retryPolicy: retryPolicy, random: &random)
        case .deadlinePassed:
            let error = "attempt ran past the queue's MaxRunTime of \(GoDuration.format(claim.queue.maxRunTime))"
            return failure(claim: claim, outcome: .timeout, error: error, now: now, retryPolicy: retryPolicy, random: &random)
        case .terminateRequested:
            return .terminate(error: AttemptRules.operatorTerminateError)
        case .refused(let reason):
            // Running it again cannot make a bad signature good: the task ends, saying why.
            return .terminate(error: reason)
        case .shutdown:
            // Not the task's fault: it may run again at once, but the attempt still counts.
            let error = "worker shut down before the attempt finished"
            guard AttemptRules.hasTriesLeft(tries: claim.task.tries, taskMaxTries: claim.task.maxTries,
                                            queueMaxTries: claim.queue.maxTries)
            else { return .expire(outcome: .failed, error: error) }
            return .retry(at: now, outcome: .failed, error: error)
        case .leaseLost:
            // What the rescuer already recorded. The store's fence refuses it (the lease is someone
            // else's now); it is submitted anyway so that the store, not the pool, has the last word.
            return .retry(at: now, outcome: .interrupted, error: AttemptRules.interruptedError)
        }
    }

    /// A failed attempt retries after the policy's delay, or expires when no tries are left.
    static func failure(claim: Claim, outcome: Attempt.Outcome, error: String, now: Timestamp,
                        retryPolicy: any RetryPolicy, random: inout some RandomNumberGenerator) -> Resolution {
        guard AttemptRules.hasTriesLeft(tries: claim.task.tries, taskMaxTries: claim.task.maxTries,
                                        queueMaxTries: claim.queue.maxTries)
        else { return .expire(outcome: outcome, error: error) }
        let delay = retryPolicy.duration(forAttempt: claim.task.tries, using: &random)
        return .retry(at: now + delay, outcome: outcome, error: error)
    }

    /// A one-line, readable form of a handler's error.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.isEmpty ? "\(type(of: error))" : text
    }
}
