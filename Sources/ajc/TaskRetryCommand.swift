import ArgumentParser
import AsyncJobs

/// `ajc task retry ID`: makes a finished or waiting-to-retry task runnable now.
struct TaskRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Run a task again now (from retry, expired, terminated, complete, queue_error or unreachable).",
        discussion: """
            Its tries restart, a past deadline is cleared, and its attempt history is kept. With -q (as \
            asyncjobs) it must be the task's own queue: moving a task to another queue is not \
            supported yet.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The task's id.")
    var id: String

    @Option(name: [.short, .customLong("queue")], help: ArgumentHelp(
        "The queue to retry it in (asyncjobs' flag): only its own queue is supported.", valueName: "queue"))
    var queue: String?

    func run() async throws {
        let store = try storeOptions.open()
        if let queue {
            let task = try await store.task(id: id)
            guard task.queue == queue else {
                throw UnsupportedFeature(description: "task \(id) is in queue \(task.queue): retrying it in \(queue) would move it, and moving a task to another queue (asyncjobs' retry -q) is not supported by this version yet")
            }
        }
        try await store.retry(taskID: id)
        print("Retrying task \(id): it is runnable now")
    }
}
