/// An operator action applied to many tasks at once (`ajtop`'s marked set, `ajc task retry -q …`).
public enum BulkAction: String, Sendable, Hashable, CaseIterable {
    /// ``InspectorStore/retry(taskID:)`` each task; tasks not in a retryable state are skipped.
    case retry
    /// ``InspectorStore/terminate(taskID:)`` each task; final tasks are skipped.
    case terminate
    /// ``InspectorStore/deleteTask(id:)`` each task with its history; only vanished tasks are skipped.
    case delete

    /// The verb as the status line and `ajc` write it ("retry 12 tasks").
    public var verb: String { rawValue }

    /// The past tense for results ("retried 12 tasks").
    public var pastTense: String {
        switch self {
        case .retry: "retried"
        case .terminate: "terminated"
        case .delete: "deleted"
        }
    }
}
