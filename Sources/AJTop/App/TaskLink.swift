import AsyncJobs

/// Another task named on a task's detail screen (a dependency or a dependent), with its state as last read.
public struct TaskLink: Sendable, Hashable {
    /// The other task's id.
    public var id: String
    /// Its state, or nil when it is no longer in the store.
    public var state: TaskState?

    /// Creates a link.
    public init(id: String, state: TaskState?) {
        self.id = id
        self.state = state
    }

    /// `id (state)`, or `id (deleted)`.
    public var text: String { "\(id) (\(state?.rawValue ?? "deleted"))" }
}
