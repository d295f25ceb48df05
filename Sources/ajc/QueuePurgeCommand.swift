import ArgumentParser
import AsyncJobs

/// `ajc queue purge NAME`: deletes a queue's waiting tasks, or its tasks in given states.
struct QueuePurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete a queue's waiting (new and retry) tasks; asks unless -f.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc queue purge <name> [--state <state> ...] [--force]
                   [--store <path> | --nats <url> | --context <name>]
            """,
        discussion: """
            With --state, deletes the queue's tasks in those states instead (active tasks are never \
            purged). Without -f it asks for confirmation, and refuses when stdin is not a terminal.

            Example: ajc queue purge EMAIL --state complete --state expired -f
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The queue's name.")
    var name: String

    @Option(name: .customLong("state"), help: ArgumentHelp(
        "Delete tasks in this state instead of the waiting ones; repeat for several.", valueName: "state"))
    var states: [StateArgument] = []

    @OptionGroup var force: ForceOption

    func validate() throws {
        if states.contains(where: { $0.state == .active }) {
            throw ValidationError("active tasks cannot be purged; terminate them with 'ajc task terminate'")
        }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        let summary = try await store.summary(queue: name)
        let chosen = states.isEmpty ? [TaskState.new, .retry] : states.map(\.state)
        let count = Set(chosen).reduce(0) { $0 + summary.count($1) }
        let what = states.isEmpty ? "waiting" : Set(chosen).map(\.rawValue).sorted().joined(separator: "/")
        try force.confirm("Delete the \(count) \(what) tasks of queue \(name)?")
        let purged = states.isEmpty
            ? try await store.purgeQueue(name)
            : try await store.purgeTasks(queue: name, states: Set(chosen))
        print("Purged \(purged) \(what) tasks from queue \(name)")
    }
}
