import ArgumentParser
import AsyncJobs

/// `ajc task retry ID` or `ajc task retry SELECTORS`: makes finished or waiting-to-retry tasks runnable now.
struct TaskRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Run a task, or every task matching the selectors, again now.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task retry <id> [-q <queue>] [--store <path>]
            ajc task retry [-q <queue>] [--state <state> ...] [--type <type>]
                           [--match <text>] [--older-than <duration>] [--dry-run]
            """,
        discussion: """
            Retryable states: retry, expired, terminated, complete, queue_error, unreachable. Its tries \
            restart, a past deadline is cleared, and its attempt history is kept. With an id, -q (as \
            asyncjobs) is the queue to retry it in, moving it there when it is not its own; without -q it \
            stays in its own queue (asyncjobs would move it to DEFAULT). With selectors instead of an id, \
            -q selects by queue and every matching task is retried in its own queue, in batches; those in \
            other states are skipped and counted; --dry-run only prints how many match.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var target: TaskTargetOptions

    func run() async throws {
        let store = try await storeOptions.open()
        guard let id = target.id else {
            return try await BulkTaskAction(action: .retry, selectors: target.selectors, dryRun: target.dryRun, force: nil).run(on: store)
        }
        // With an id, -q is the queue to retry it in (asyncjobs' meaning), not a selector.
        let queue = target.selectors.queue
        let task = try await store.retry(taskID: id, queue: queue)
        print("Retrying task \(id)\(queue == nil ? "" : " in queue \(task.queue)"): it is runnable now")
    }
}
