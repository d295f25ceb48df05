import AsyncJobs
import Synchronization

/// Remembers which task an `Idempotency-Key` created, for ten minutes in this process (as asyncjobs does),
/// so a client retrying a create gets the first task back instead of a second one.
///
/// A key is reserved while its first request runs, so two concurrent requests with one key cannot both
/// create a task: the second gets a conflict and retries.
final class IdempotencyCache: Sendable {
    /// How long a key is remembered.
    static let retention: Duration = .seconds(600)
    /// The longest key accepted.
    static let maxKeyLength = 128

    enum Lookup: Equatable {
        /// Not seen: the caller now holds the key and must ``remember(_:taskID:)`` or ``release(_:)`` it.
        case reserved
        /// Another request with this key is still running.
        case inProgress
        /// A task was created with this key.
        case created(String)
    }

    private enum Entry {
        case pending
        case created(taskID: String, expires: Timestamp)
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var lastSweep = Timestamp(nanoseconds: 0)
    }

    private let state = Mutex(State())
    private let clock: any JobClock

    init(clock: any JobClock) { self.clock = clock }

    func lookup(_ key: String) -> Lookup {
        let now = clock.now()
        return state.withLock { state in
            // Sweeping expired keys at most once a minute keeps lookups cheap under a stream of new keys.
            if now - state.lastSweep > .seconds(60) {
                state.entries = state.entries.filter { if case .created(_, let expires) = $0.value { expires > now } else { true } }
                state.lastSweep = now
            }
            switch state.entries[key] {
            case .pending: return .inProgress
            case .created(let id, let expires) where expires > now: return .created(id)
            case .created, nil:
                state.entries[key] = .pending
                return .reserved
            }
        }
    }

    func remember(_ key: String, taskID: String) {
        let expires = clock.now() + Self.retention
        state.withLock { $0.entries[key] = .created(taskID: taskID, expires: expires) }
    }

    func release(_ key: String) {
        state.withLock { _ = $0.entries.removeValue(forKey: key) }
    }
}
