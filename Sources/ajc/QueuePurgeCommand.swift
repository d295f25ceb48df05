import ArgumentParser
import AsyncJobs

/// `ajc queue purge NAME`: deletes a queue's waiting tasks.
struct QueuePurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete a queue's waiting (new and retry) tasks; asks unless -f.",
        discussion: "Without -f it asks for confirmation, and refuses when stdin is not a terminal."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The queue's name.")
    var name: String

    @OptionGroup var force: ForceOption

    func run() async throws {
        let store = try storeOptions.open()
        let summary = try await store.summary(queue: name)
        try force.confirm("Delete the \(summary.count(.new) + summary.count(.retry)) waiting tasks of queue \(name)?")
        let purged = try await store.purgeQueue(name)
        print("Purged \(purged) waiting tasks from queue \(name)")
    }
}
