/// The tasks of a queue that failed with one ``ErrorPattern``: how many, when the error was first and last
/// seen (by each task's last attempt), a recent example of the raw text, and the tasks themselves, so an
/// operator can list, mark and retry them all.
public struct ErrorGroup: Sendable, Hashable {
    /// The normalised error text the tasks share.
    public var pattern: ErrorPattern
    /// The raw error text of the group's most recently tried task.
    public var example: String
    /// The group's tasks, most recently tried first.
    public var taskIDs: [String]
    /// The earliest last attempt among the tasks (their creation when never tried).
    public var firstSeen: Timestamp
    /// The latest last attempt among the tasks.
    public var lastSeen: Timestamp
    /// How many of the tasks are in each state.
    public var states: [TaskState: Int]
    /// How many of the tasks are of each type.
    public var types: [String: Int]

    /// Creates a group.
    public init(pattern: ErrorPattern, example: String, taskIDs: [String], firstSeen: Timestamp, lastSeen: Timestamp,
                states: [TaskState: Int], types: [String: Int]) {
        self.pattern = pattern
        self.example = example
        self.taskIDs = taskIDs
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.states = states
        self.types = types
    }

    /// How many tasks share the error.
    public var count: Int { taskIDs.count }

    /// The states whose tasks carry a failure worth grouping: waiting to retry, or ended by one. A complete
    /// task has no error; new and active ones are not failures (yet).
    public static let failedStates: Set<TaskState> = [.retry, .expired, .terminated, .queueError, .unreachable]

    /// Groups the tasks that have a last error by its pattern: the largest group first (ties: the most
    /// recently seen, then by pattern), so the error that dominates leads.
    public static func grouping(_ tasks: [TaskDigest]) -> [ErrorGroup] {
        var groups: [ErrorPattern: [TaskDigest]] = [:]
        // One raw text often repeats across thousands of tasks: normalise each distinct text once.
        var patterns: [String: ErrorPattern] = [:]
        for task in tasks {
            guard let error = task.lastError, !error.isEmpty else { continue }
            let pattern = patterns[error] ?? ErrorPattern(of: error)
            patterns[error] = pattern
            groups[pattern, default: []].append(task)
        }
        return groups.map { pattern, members in
            let seen = members.map { $0.tried ?? $0.created }
            let ordered = zip(members, seen).sorted { ($0.1, $0.0.id) > ($1.1, $1.0.id) }.map(\.0)
            return ErrorGroup(pattern: pattern, example: ordered[0].lastError ?? "", taskIDs: ordered.map(\.id),
                              firstSeen: seen.min() ?? ordered[0].created, lastSeen: seen.max() ?? ordered[0].created,
                              states: members.reduce(into: [:]) { $0[$1.state, default: 0] += 1 },
                              types: members.reduce(into: [:]) { $0[$1.type, default: 0] += 1 })
        }.sorted { ($0.count, $0.lastSeen, $1.pattern) > ($1.count, $1.lastSeen, $0.pattern) }
    }
}
