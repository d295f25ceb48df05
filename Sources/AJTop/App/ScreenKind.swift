/// The kinds of screen, without their subject; key bindings say on which ones they act.
public enum ScreenKind: Sendable, Hashable, CaseIterable {
    /// One per ``Route`` case: home, queue detail, a queue's errors, task detail, workers, events, schedules, help.
    case queues, queueDetail, errors, taskDetail, workers, events, schedules, help
}
