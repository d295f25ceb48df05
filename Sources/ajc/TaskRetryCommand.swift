import ArgumentParser
import AsyncJobs

/// `ajc task retry ID`: makes a finished or waiting-to-retry task runnable now.
struct TaskRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Run a task again now (from retry, expired, terminated, complete, queue_error or unreachable).",
        discussion: """
            Its tries restart, a past deadline is cleared, and its attempt history is kept. With -q (as \
            asyncjobs) it is retried in that queue, moving there when it is not its own; without -q it \
            stays in its own queue (asyncjobs would move it to DEFAULT).
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The task's id.")
    var id: String

    @Option(name: [.short, .customLong("queue")], help: ArgumentHelp(
        "The queue to retry it in, moving it there (default: its own).", valueName: "queue"))
    var queue: String?

    func run() async throws {
        let task = try await storeOptions.open().retry(taskID: id, queue: queue)
        print("Retrying task \(id)\(queue == nil ? "" : " in queue \(task.queue)"): it is runnable now")
    }
}
