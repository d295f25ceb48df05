import AsyncJobs

/// What a key asks for. Keys map to commands only through the ``KeyMap``, so the help screen and the hint
/// bar, generated from it, can never disagree with what the keys do.
public enum Command: String, Sendable, Hashable, CaseIterable {
    case moveUp, moveDown, pageUp, pageDown, open, back, nextTab, previousTab, queuesScreen, workersScreen
    case filter, retry, terminate, togglePause, increaseConcurrency, decreaseConcurrency, toggleWorkers
    case help, quit, forceQuit

    /// Whether the command changes the store, and so is refused in `--read-only` mode.
    public var isMutating: Bool {
        switch self {
        case .retry, .terminate, .togglePause, .increaseConcurrency, .decreaseConcurrency, .toggleWorkers: true
        default: false
        }
    }
}
