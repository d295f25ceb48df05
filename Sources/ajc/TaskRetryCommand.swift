import ArgumentParser
import AsyncJobs

/// `ajc task retry ID`: makes a finished or waiting-to-retry task runnable now.
struct TaskRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Run a task again now (from retry, expired, terminated, complete, queue_error or unreachable).",
        discussion: "Its tries restart, a past deadline is cleared, and its attempt history is kept."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The task's id.")
    var id: String

    func run() async throws {
        try await storeOptions.open().retry(taskID: id)
        print("Retrying task \(id): it is runnable now")
    }
}
