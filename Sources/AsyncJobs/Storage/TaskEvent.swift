/// A recorded change of a task's state, in commit order: what `ajc task watch` follows and sparklines count.
public struct TaskEvent: Sendable, Hashable, Codable {
    /// Position in the store's event log; increases with every event.
    public var sequence: Int64
    /// When it happened.
    public var at: Timestamp
    /// The task.
    public var taskID: String
    /// Its queue.
    public var queue: String
    /// Its type.
    public var type: String
    /// The state it entered.
    public var state: TaskState
    /// Its tries so far.
    public var tries: Int
    /// Its last error, if any.
    public var error: String?

    /// Creates an event.
    public init(sequence: Int64, at: Timestamp, taskID: String, queue: String, type: String, state: TaskState,
                tries: Int, error: String? = nil) {
        self.sequence = sequence
        self.at = at
        self.taskID = taskID
        self.queue = queue
        self.type = type
        self.state = state
        self.tries = tries
        self.error = error
    }
}
