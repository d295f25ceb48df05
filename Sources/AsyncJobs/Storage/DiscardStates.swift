/// The final states whose tasks are deleted, history and all, the moment an attempt ends in them:
/// asyncjobs' `DiscardTaskStates` (its issue #27), for queues whose finished tasks nobody reads.
///
/// The state-change event is still recorded first, so watchers and throughput figures see the task finish.
public struct DiscardStates: Sendable, Hashable {
    /// The states asyncjobs allows to discard.
    public static let allowed: Set<TaskState> = [.complete, .expired, .terminated]
    /// Keep every task.
    public static let none = DiscardStates(checked: [])

    /// The states discarded; a subset of ``allowed``.
    public let states: Set<TaskState>

    /// Discards `states`; `invalidSetting` for any state outside ``allowed``.
    public init(_ states: Set<TaskState>) throws(JobError) {
        let refused = states.subtracting(Self.allowed)
        guard refused.isEmpty else {
            let names = refused.map(\.rawValue).sorted().joined(separator: ", ")
            throw .invalidSetting("only complete, expired and terminated tasks can be discarded, not \(names)")
        }
        self.init(checked: states)
    }

    private init(checked states: Set<TaskState>) {
        self.states = states
    }

    /// Whether a task ending in `state` is deleted.
    public func contains(_ state: TaskState) -> Bool { states.contains(state) }
}
