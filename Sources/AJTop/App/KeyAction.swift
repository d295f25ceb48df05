import AsyncJobs

/// What a key asks for. Keys map to actions only through the ``KeyMap``, so the help screen and the hint
/// bar, generated from it, can never disagree with what the keys do.
public enum KeyAction: String, Sendable, Hashable, CaseIterable {
    /// Navigation: selection, pages, opening, going back, tabs and screens.
    case moveUp, moveDown, pageUp, pageDown, open, back, nextTab, previousTab, queuesScreen, workersScreen,
         errorsScreen, eventsScreen, schedulesScreen
    /// A queue's history and latency in place of its tasks; again, the next window (1h, 24h, 7d).
    case history
    /// Filtering and the operator actions (all but `filter` change the store).
    case filter, retry, terminate, delete, togglePause, increaseConcurrency, decreaseConcurrency, toggleWorkers
    /// Marks for bulk actions: the selected task, every task matching the tab and filter, none.
    case toggleMark, markAll, clearMarks
    /// Help, back-or-quit (`q`) and quit from anywhere (Ctrl-C).
    case help, quit, forceQuit

    /// Whether the action changes the store, and so is refused in `--read-only` mode.
    public var isMutating: Bool {
        switch self {
        case .retry, .terminate, .delete, .togglePause, .increaseConcurrency, .decreaseConcurrency, .toggleWorkers: true
        default: false
        }
    }

    /// Whether the action only means something when this process runs a worker pool, so hints leave it
    /// out otherwise.
    public var needsLocalPool: Bool { self == .workersScreen || self == .toggleWorkers }
}
