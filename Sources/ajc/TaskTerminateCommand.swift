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
        let task = try await storeOptions.open().terminate(taskID: id)
        if task.state == .terminated {
            print("Terminated task \(id)")
        } else {
            print("Terminating task \(id): its worker cancels it within a second")
        }
    }
}
