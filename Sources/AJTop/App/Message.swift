import AsyncJobs

/// Everything that can change the model: keys, time, the terminal, and answers to effects.
public enum Message: Sendable, Hashable {
    /// A key press.
    case key(Key)
    /// Time passed; `now` is the current time.
    case tick(Timestamp)
    /// The terminal's new size.
    case resized(Size)
    /// The store answered `request` with fresh data read at `at`.
    case loaded(LoadRequest, ScreenData, at: Timestamp)
    /// The store had not changed since the last load of `request` (checked at `at`).
    case unchanged(LoadRequest, at: Timestamp)
    /// Reading `request` failed.
    case loadFailed(LoadRequest, error: String, at: Timestamp)
    /// The store took the terminate of a running task: its worker (holding `lease`, if it still runs) must
    /// now stop it.
    case terminationAsked(taskID: String, lease: Lease?)
    /// How an asked termination stands after following it: the task's `state` at `at` and, while it is
    /// still active, its lease.
    case terminationFollowed(taskID: String, state: TaskState, lease: Lease?, at: Timestamp)
    /// An action finished: `error` is nil when it worked.
    case performed(StoreAction, error: String?)
    /// The ids of every task passing the filter, for marking them all; `error` when the read failed.
    case matched(TaskFilter, taskIDs: [String], error: String?)
    /// A bulk action's running outcome after a batch, out of `total` tasks.
    case bulkProgress(BulkAction, BulkOutcome, total: Int)
    /// A bulk action ended: its outcome, and `error` when a batch failed (earlier batches stay applied).
    case bulkFinished(BulkAction, BulkOutcome, error: String?)
    /// The local worker pools after `request`: their state now, and `error` when the request was refused.
    case pools(after: PoolRequest, [PoolSnapshot], error: String?)
}
