/// A screen the dashboard can show; the model keeps a stack of them so `Esc`/`q` go back.
public enum Route: Sendable, Hashable {
    /// The queues overview (home).
    case queues
    /// One queue's tasks, settings and retry timeline.
    case queueDetail(String)
    /// One queue's failed tasks grouped by error.
    case errors(String)
    /// One task's fields, payload and attempts.
    case taskDetail(String)
    /// The local worker pools' handler slots.
    case workers
    /// The live stream of state changes.
    case events
    /// The scheduled tasks and the scheduling leader.
    case schedules
    /// Every key binding.
    case help

    /// The kind of screen, for deciding which bindings apply.
    public var screen: ScreenKind {
        switch self {
        case .queues: .queues
        case .queueDetail: .queueDetail
        case .errors: .errors
        case .taskDetail: .taskDetail
        case .workers: .workers
        case .events: .events
        case .schedules: .schedules
        case .help: .help
        }
    }
}
