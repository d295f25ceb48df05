/// Errors of the engine and its stores, each carrying what a user needs to act on it.
public enum JobError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A name broke the rule `^[a-zA-Z0-9_:-]+$`.
    case invalidName(kind: String, name: String)
    /// A setting was out of range.
    case invalidSetting(String)
    /// No queue has this name.
    case queueNotFound(String)
    /// A queue with this name exists already.
    case queueExists(String)
    /// No task has this id.
    case taskNotFound(String)
    /// A task with this id exists already.
    case taskExists(String)
    /// The task's state does not allow the action.
    case invalidState(taskID: String, state: TaskState, action: String)
    /// The queue holds MaxEntries waiting tasks and does not discard old ones.
    case queueFull(String)
    /// No schedule has this name.
    case scheduleNotFound(String)
    /// A schedule with this name exists already.
    case scheduleExists(String)
    /// The storage failed; the message says how.
    case storage(String)
    /// The storage is damaged (its file holds malformed data): unlike other storage failures, trying again
    /// cannot help, so workers stop instead of retrying.
    case damagedStore(String)
    /// The store's file is no longer the one at its path (moved, deleted, replaced): trying again cannot
    /// help either, so workers stop.
    case storeReplaced(String)
    /// The store was opened read-only (a file or folder this user cannot write): only reads work.
    case readOnlyStore(String)

    public var description: String {
        switch self {
        case .invalidName(let kind, let name):
            "invalid \(kind) \"\(name)\": use only letters, digits, '_', ':' and '-'"
        case .invalidSetting(let message): message
        case .queueNotFound(let name): "queue \(name) not found"
        case .queueExists(let name): "queue \(name) already exists"
        case .taskNotFound(let id): "task \(id) not found"
        case .taskExists(let id): "task \(id) already exists"
        case .invalidState(let id, let state, let action): "cannot \(action) task \(id): it is \(state.rawValue)"
        case .queueFull(let name): "queue \(name) is full (MaxEntries reached)"
        case .scheduleNotFound(let name): "schedule \(name) not found"
        case .scheduleExists(let name): "schedule \(name) already exists"
        case .storage(let message): "store error: \(message)"
        case .damagedStore(let message): "store damaged: \(message); restore it from a backup"
        case .storeReplaced(let message): "store file changed: \(message)"
        case .readOnlyStore(let message): "cannot change the store: \(message)"
        }
    }

    /// Whether workers should stop rather than retry: the store cannot get better by itself.
    public var stopsWorkers: Bool {
        switch self {
        case .damagedStore, .storeReplaced: true
        default: false
        }
    }
}
