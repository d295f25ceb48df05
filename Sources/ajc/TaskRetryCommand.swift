import ArgumentParser
import AsyncJobs

/// `ajc task retry ID` or `ajc task retry SELECTORS`: makes finished or waiting-to-retry tasks runnable now.
struct TaskRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Run a task, or every task matching the selectors, again now.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task retry <id> [--store <path>]
            ajc task retry [-q <queue>] [--state <state> ...] [--type <type>]
                           [--match <text>] [--older-than <duration>] [--dry-run]
            """,
        discussion: """
            Retryable states: retry, expired, terminated, complete, queue_error, unreachable. Its tries \
            restart, a past deadline is cleared, and its attempt history is kept. With selectors instead of \
            an id, every matching task is retried in batches and those in other states are skipped and \
            counted; --dry-run only prints how many match.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var target: TaskTargetOptions

    func run() async throws {
        let store = try storeOptions.open()
        guard let id = target.id else {
            return try await BulkTaskAction(action: .retry, selectors: target.selectors, dryRun: target.dryRun, force: nil).run(on: store)
        }
        try await store.retry(taskID: id)
        print("Retrying task \(id): it is runnable now")
    }
}
