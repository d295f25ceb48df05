/// A task with its attempt history: what `ajc task view` shows and the task detail screen draws.
public struct TaskDetail: Sendable, Hashable {
    /// The task.
    public var task: JobTask
    /// Every attempt, oldest first.
    public var attempts: [Attempt]

    /// Creates a detail.
    public init(task: JobTask, attempts: [Attempt]) {
        self.task = task
        self.attempts = attempts
    }

    /// Loads the task `id` and its attempts from `store`.
    public static func load(id: String, from store: any JobStore) async throws -> TaskDetail {
        let task = try await store.task(id: id)
        return TaskDetail(task: task, attempts: try await store.attempts(taskID: id))
    }
}

/// The JSON form: the task's wire object (SPEC §1, keys in asyncjobs' order) plus an `attempts` array of
/// `{"n", "worker", "started", "ended", "outcome", "error"}`.
extension TaskDetail: Encodable {
    enum CodingKeys: String, CodingKey { case attempts }

    public func encode(to encoder: any Encoder) throws {
        try task.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attempts, forKey: .attempts)
    }
}
