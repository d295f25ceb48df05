import ArgumentParser
import AsyncJobs

/// `ajc task purge`: asyncjobs' purge of the whole task store, every queue at once.
struct TaskPurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete every task of every queue with its history, except running ones; asks unless -f.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task purge [--force]
                   [--store <path> | --nats <url> | --context <name>]
            """,
        discussion: """
            Running (active) tasks are kept: terminate them first with 'ajc task terminate'. Queues and \
            their settings stay. To purge one queue, or tasks by state, use 'ajc queue purge'. Without -f \
            it asks for confirmation, and refuses when stdin is not a terminal.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var force: ForceOption

    func run() async throws {
        let store = try await storeOptions.open()
        let counts = try await store.info().counts
        let running = counts[.active, default: 0]
        let deletable = counts.values.reduce(0, +) - running
        let kept = running > 0 ? " (\(running) running tasks are kept)" : ""
        try force.confirm("Delete all \(deletable) tasks of every queue and their history\(kept)?")
        let purged = try await store.purgeTasks(queue: nil, states: Set(TaskState.allCases).subtracting([.active]))
        print("Purged \(purged) tasks" + (running > 0 ? "; \(running) running tasks kept" : ""))
    }
}
