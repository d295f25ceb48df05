import ArgumentParser
import AsyncJobs

/// The selectors that pick tasks for `task ls` and for bulk `task retry|terminate|rm`: queue, states,
/// type, text and age, all of which must hold.
struct TaskSelectorOptions: ParsableArguments {
    @Option(name: [.short, .customLong("queue")], help: ArgumentHelp("Only this queue's tasks.", valueName: "queue"))
    var queue: String?

    @Option(name: .customLong("state"), help: ArgumentHelp("Only tasks in this state; repeat for several.", valueName: "state"))
    var states: [StateArgument] = []

    @Option(help: ArgumentHelp("Only tasks of this type.", valueName: "type"))
    var type: String?

    @Option(help: ArgumentHelp("Only tasks whose id, type, last error or payload contains this text (case-sensitive).",
                               valueName: "text"))
    var match: String?

    @Option(name: .customLong("older-than"),
            help: ArgumentHelp("Only tasks created longer ago than this (e.g. 1h).", valueName: "duration"))
    var olderThan: DurationArgument?

    /// Whether no selector was given.
    var isEmpty: Bool { queue == nil && states.isEmpty && type == nil && match == nil && olderThan == nil }

    /// The flags given, as the user typed them, for messages ("-q emails --state expired").
    var described: String {
        var parts: [String] = []
        if let queue { parts.append("-q \(queue)") }
        parts += states.map { "--state \($0.state.rawValue)" }
        if let type { parts.append("--type \(type)") }
        if let match { parts.append("--match \(match)") }
        if let olderThan { parts.append("--older-than \(GoDuration.format(olderThan.duration))") }
        return parts.joined(separator: " ")
    }

    /// The store filter the selectors make, with ages counted back from `now`.
    func filter(now: Timestamp, limit: Int = 50) -> TaskFilter {
        TaskFilter(queue: queue, states: states.isEmpty ? nil : Set(states.map(\.state)), type: type, text: match,
                   createdBefore: olderThan.map { now - $0.duration }, limit: limit)
    }
}
