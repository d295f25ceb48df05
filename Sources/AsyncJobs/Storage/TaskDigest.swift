/// The light fields of a task, without its payload and result: what a view over every task of a queue
/// reads (the errors view groups thousands of them), so it never loads megabytes of payloads.
public struct TaskDigest: Sendable, Hashable {
    /// The task's id.
    public var id: String
    /// Its type.
    public var type: String
    /// Its state.
    public var state: TaskState
    /// When it was created.
    public var created: Timestamp
    /// When an attempt last started or ended; nil if never tried.
    public var tried: Timestamp?
    /// Handler invocations so far.
    public var tries: Int
    /// Its most recent failure, if any.
    public var lastError: String?

    /// Creates a digest.
    public init(id: String, type: String, state: TaskState, created: Timestamp, tried: Timestamp? = nil, tries: Int = 0,
                lastError: String? = nil) {
        self.id = id
        self.type = type
        self.state = state
        self.created = created
        self.tried = tried
        self.tries = tries
        self.lastError = lastError
    }

    /// The digest of `task`.
    public init(_ task: JobTask) {
        self.init(id: task.id, type: task.type, state: task.state, created: task.created, tried: task.tried,
                  tries: task.tries, lastError: task.lastError)
    }
}
