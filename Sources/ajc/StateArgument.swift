import ArgumentParser
import AsyncJobs

/// A task state on the command line, by its wire name (`completed` is accepted for `complete`).
struct StateArgument: ExpressibleByArgument, Sendable {
    /// The parsed state.
    var state: TaskState

    init?(argument: String) {
        guard let state = TaskState(name: argument) else { return nil }
        self.state = state
    }

    static var allValueStrings: [String] { TaskState.allCases.map(\.rawValue) }
}
