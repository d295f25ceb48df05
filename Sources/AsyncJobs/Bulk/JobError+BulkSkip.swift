extension JobError {
    /// Whether a bulk action skips the task that raised this (and counts it) rather than stopping: the task
    /// is gone, is in a state the action does not apply to, or belongs to a removed queue. Anything else,
    /// a storage failure above all, stops the batch.
    public var skipsBulkTask: Bool {
        switch self {
        case .taskNotFound, .invalidState, .queueNotFound: true
        default: false
        }
    }
}
