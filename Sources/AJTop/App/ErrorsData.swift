import AsyncJobs

/// The errors screen's data: a queue's failed tasks grouped by normalised error text.
public struct ErrorsData: Sendable, Hashable {
    /// The queue.
    public var queue: String
    /// The groups, largest first.
    public var groups: [ErrorGroup]

    /// Creates the data.
    public init(queue: String, groups: [ErrorGroup]) {
        self.queue = queue
        self.groups = groups
    }

    /// The failed tasks over every group.
    public var failedTasks: Int { groups.reduce(0) { $0 + $1.count } }
}
