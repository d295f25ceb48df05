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

    func validate() throws { try target.rejectQueueWithID() }

    func run() async throws {
        let store = try await storeOptions.open()
        guard let id = target.id else {
            return try await BulkTaskAction(action: .terminate, selectors: target.selectors, dryRun: target.dryRun, force: force)
                .run(on: store)
        }
        let task = try await store.terminate(taskID: id)
        guard task.state == .active, let lease = try await store.lease(taskID: id) else {
            // Waiting: terminated at once. (An attempt that ended between the two reads ended on its own.)
            return print(task.state == .terminated ? "Terminated task \(id)" : "Task \(id) is \(try await store.task(id: id).state.rawValue)")
        }
        let now = Timestamp.now
        if lease.hasExpired(at: now) {
            // Nobody renews this lease: end it here rather than wait for a worker or ajtop to rescue it.
            try await store.rescueExpiredLeases()
            let state = try await store.task(id: id).state
            return print("\(state == .terminated ? "Terminated" : "Asked to terminate") task \(id): its \(lease.describe(at: now))")
        }
        print("""
            Asked worker \(lease.worker) to terminate task \(id): it cancels the handler within a second; \
            if that worker is gone, the task ends terminated once its lease runs out at \(lease.expires.rfc3339) \
            (in \(Lease.seconds(lease.expires - now)))
            """)
    }
}
