import ArgumentParser
import AsyncJobs

/// `ajc task terminate ID` or `ajc task terminate SELECTORS`: stops tasks for good.
struct TaskTerminateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminate",
        abstract: "Terminate a task, or every task matching the selectors: waiting ones at once, running ones by cancelling their handlers.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task terminate <id> [-f] [--store <path>]
            ajc task terminate [-q <queue>] [--state <state> ...] [--type <type>]
                               [--match <text>] [--older-than <duration>]
                              [--dry-run] [-f]
            """,
        discussion: """
            With selectors instead of an id it asks for confirmation unless -f (and refuses without -f when \
            stdin is not a terminal); tasks already final are skipped and counted; --dry-run only prints how \
            many match.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var target: TaskTargetOptions

    @OptionGroup var force: ForceOption

    func run() async throws {
        let store = try storeOptions.open()
        guard let id = target.id else {
            return try await BulkTaskAction(action: .terminate, selectors: target.selectors, dryRun: target.dryRun, force: force)
                .run(on: store)
        }
        let task = try await store.terminate(taskID: id)
        if task.state == .terminated {
            print("Terminated task \(id)")
        } else {
            print("Terminating task \(id): its worker cancels it within a second")
        }
    }
}
