/// The engine's rules for task dependencies (asyncjobs' `dependencies`), shared by every store so that each
/// says the same thing.
///
/// A task with dependencies waits `blocked`, with no place in its queue, until the last of them completes;
/// the store then makes it runnable in the same write that completes that dependency (asyncjobs instead
/// re-delivers a blocked task every 5 s, which burns its MaxDeliver). When a dependency ends in
/// ``failedStates`` (or is deleted) every blocked task below it, at any depth, becomes `unreachable` in the
/// same write, its `last_err` naming the ancestor that failed (asyncjobs marks only one level).
public enum DependencyRules {
    /// The states of a dependency that can never satisfy its dependents.
    public static let failedStates: Set<TaskState> = [.expired, .terminated, .unreachable]

    /// What a task enqueued with dependencies in these states starts as: `unreachable` with an error if one
    /// failed (or is missing), runnable (`new`) if all completed, else `blocked`.
    public static func initialState(of parents: [(id: String, task: JobTask?)]) -> (state: TaskState, error: String?) {
        for (id, parent) in parents {
            guard let parent else { return (.unreachable, deletedError(parent: id)) }
            if failedStates.contains(parent.state) { return (.unreachable, failureError(parent: parent)) }
        }
        return parents.allSatisfy({ $0.task?.state == .complete }) ? (.new, nil) : (.blocked, nil)
    }

    /// The error of a blocked task whose dependency `parent` ended in a failed state: it names the
    /// ancestor that failed, which for an `unreachable` parent is the one its own error names.
    public static func failureError(parent: JobTask) -> String {
        if parent.state == .unreachable, let error = parent.lastError, error.hasPrefix(prefix) { return error }
        return "\(prefix)task \(parent.id) ended \(parent.state.rawValue)"
    }

    /// The error of a blocked task whose dependency was deleted before it completed.
    public static func deletedError(parent id: String) -> String {
        "\(prefix)task \(id) was deleted before it completed"
    }

    /// Whether a dependency in `state` (nil: no longer in the store) lets its dependents run. A dependency
    /// that is gone counts as complete: one deleted before completing already made its blocked dependents
    /// unreachable, so a blocked task only ever misses dependencies that completed and were then deleted
    /// (by discard or retention).
    public static func isSatisfied(_ state: TaskState?) -> Bool {
        state == nil || state == .complete
    }

    /// asyncjobs' prefix for these errors.
    static let prefix = "task dependencies failed: "

    /// The results a task that loads them receives: each dependency's result, by id.
    public static func results(of parents: [JobTask]) -> [String: TaskResult] {
        var results: [String: TaskResult] = [:]
        for parent in parents { if let result = parent.result { results[parent.id] = result } }
        return results
    }
}
