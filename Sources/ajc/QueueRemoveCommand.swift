import ArgumentParser
import AsyncJobs

/// `ajc queue rm NAME`: removes a queue with all its tasks and their history.
struct QueueRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove a queue with all its tasks and their history; asks unless -f.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc queue rm <name> [--force]
                   [--store <path> | --nats <url> | --context <name>]
            """,
        discussion: "Without -f it asks for confirmation, and refuses when stdin is not a terminal.",
        aliases: ["delete"]
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The queue's name.")
    var name: String

    @OptionGroup var force: ForceOption

    func run() async throws {
        let store = try await storeOptions.open()
        let summary = try await store.summary(queue: name)
        try force.confirm("Remove queue \(name) and its \(summary.total) tasks?")
        try await store.removeQueue(name)
        print("Removed queue \(name)")
    }
}
