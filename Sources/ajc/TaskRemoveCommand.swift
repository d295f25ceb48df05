import ArgumentParser
import AsyncJobs

/// `ajc task rm ID` or `ajc task rm SELECTORS`: deletes tasks with their history.
struct TaskRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete a task, or every task matching the selectors, with its attempt history; asks unless -f.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task rm <id> [-f] [--store <path>]
            ajc task rm [-q <queue>] [--state <state> ...] [--type <type>]
                        [--match <text>] [--older-than <duration>] [--dry-run] [-f]
            """,
        discussion: """
            Without -f it asks for confirmation, and refuses when stdin is not a terminal. --dry-run (with \
            selectors) only prints how many tasks match.
            """,
        aliases: ["delete", "del"]
    )

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var target: TaskTargetOptions

    @OptionGroup var force: ForceOption

    func validate() throws { try target.rejectQueueWithID() }

    func run() async throws {
        let store = try await storeOptions.open()
        guard let id = target.id else {
            return try await BulkTaskAction(action: .delete, selectors: target.selectors, dryRun: target.dryRun, force: force)
                .run(on: store)
        }
        let task = try await store.task(id: id)
        try force.confirm("Delete task \(id) (\(task.type), \(task.state.rawValue)) and its history?")
        try await store.deleteTask(id: id)
        print("Deleted task \(id)")
    }
}
