import AsyncJobs

/// A side effect that ``Model/update(_:)`` asks for; the runner performs it and answers with a ``Message``.
/// Equatable so tests compare effects with `==`.
public enum Effect: Sendable, Hashable {
    /// Read what `request` needs; `force` reloads even when the change token has not moved.
    case load(LoadRequest, force: Bool)
    /// Perform an operator action.
    case perform(StoreAction)
    /// Read the ids of every task passing the filter, to mark them all.
    case markAll(TaskFilter)
    /// Apply a bulk action to the tasks, batch by batch, reporting progress.
    case bulk(BulkAction, taskIDs: [String])
    /// Watch an asked termination of a running task until the task ends or `until` passes.
    case followTermination(taskID: String, until: Timestamp)
    /// Start, stop, resize or look at the local worker pools.
    case pool(PoolRequest)
    /// Leave the program.
    case quit
}
