import ArgumentParser
import AsyncJobs

/// `ajc task rm ID`: deletes a task with its history.
struct TaskRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete a task and its attempt history; asks unless -f.",
        discussion: "Without -f it asks for confirmation, and refuses when stdin is not a terminal.",
        aliases: ["delete", "del"]
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The task's id.")
    var id: String

    @OptionGroup var force: ForceOption

    func run() async throws {
        let store = try storeOptions.open()
        let task = try await store.task(id: id)
        try force.confirm("Delete task \(id) (\(task.type), \(task.state.rawValue)) and its history?")
        try await store.deleteTask(id: id)
        print("Deleted task \(id)")
    }
}
