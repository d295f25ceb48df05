/// The engine's rules for tries, shared by the pool and by stores that rescue abandoned leases, so the
/// rule lives in one place.
public enum AttemptRules {
    /// Error text for an attempt whose worker vanished.
    public static let interruptedError = "worker lost: lease expired before the attempt finished"
    /// Error text for an operator's terminate.
    public static let operatorTerminateError = "terminated by operator"
    /// Error text for a task whose deadline passed before it started.
    public static let deadlineError = "deadline exceeded before the task started"
    /// Error text for a task that waited longer than the queue's MaxAge.
    public static let maxAgeError = "waited longer than the queue's MaxAge"
    /// Error text for a waiting task a full DiscardOld queue dropped to make room.
    public static let discardOldError = "discarded: queue full (DiscardOld)"

    /// The effective limit on tries: the lower of the task's (0 = none) and the queue's (-1 = none), or nil.
    public static func triesLimit(taskMaxTries: Int, queueMaxTries: Int) -> Int? {
        let limits = [taskMaxTries > 0 ? taskMaxTries : nil, queueMaxTries > 0 ? queueMaxTries : nil].compactMap { $0 }
        return limits.min()
    }

    /// Whether a task that has made `tries` attempts may make another.
    public static func hasTriesLeft(tries: Int, taskMaxTries: Int, queueMaxTries: Int) -> Bool {
        guard let limit = triesLimit(taskMaxTries: taskMaxTries, queueMaxTries: queueMaxTries) else { return true }
        return tries < limit
    }
}
