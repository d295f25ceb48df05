import ArgumentParser
import AsyncJobs

/// `ajc task terminate ID`: stops a task for good.
struct TaskTerminateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminate",
        abstract: "Terminate a task: a waiting one at once, a running one by cancelling its handler."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The task's id.")
    var id: String

    func run() async throws {
        let store = try storeOptions.open()
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
