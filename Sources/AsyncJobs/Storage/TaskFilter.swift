import Foundation

/// Which tasks a listing returns, newest first.
public struct TaskFilter: Sendable, Hashable {
    /// Only this queue's tasks.
    public var queue: String?
    /// Only tasks in one of these states (nil or empty: any state).
    public var states: Set<TaskState>?
    /// Only tasks of exactly this type.
    public var type: String?
    /// Only tasks whose id, type, last error or payload contains this text (case-sensitive; the payload
    /// as its raw bytes, so a search finds text inside JSON payloads). See ``task(_:contains:)``.
    public var text: String?
    /// Only tasks created before this time (`ajc … --older-than`).
    public var createdBefore: Timestamp?
    /// Only these tasks (an error group's, listed by ajtop); nil for any task.
    public var ids: Set<String>?
    /// Tasks to skip (for paging).
    public var offset: Int
    /// Most tasks to return.
    public var limit: Int

    /// Creates a filter.
    public init(queue: String? = nil, states: Set<TaskState>? = nil, type: String? = nil, text: String? = nil,
                createdBefore: Timestamp? = nil, ids: Set<String>? = nil, offset: Int = 0, limit: Int = 50) {
        self.queue = queue
        self.states = states
        self.type = type
        self.text = text
        self.createdBefore = createdBefore
        self.ids = ids
        self.offset = offset
        self.limit = limit
    }

    /// Whether `task` passes every condition except paging.
    public func matches(_ task: JobTask) -> Bool {
        if let queue, task.queue != queue { return false }
        if let states, !states.isEmpty, !states.contains(task.state) { return false }
        if let type, task.type != type { return false }
        if let createdBefore, task.created >= createdBefore { return false }
        if let ids, !ids.contains(task.id) { return false }
        if let text, !text.isEmpty { return Self.task(task, contains: text) }
        return true
    }

    /// Whether `text` occurs in the task's id, type, last error or payload bytes: the search every store
    /// implements for ``text``.
    public static func task(_ task: JobTask, contains text: String) -> Bool {
        if task.id.contains(text) || task.type.contains(text) || (task.lastError?.contains(text) ?? false) { return true }
        guard let payload = task.payload else { return false }
        return payload.range(of: Data(text.utf8)) != nil
    }
}
