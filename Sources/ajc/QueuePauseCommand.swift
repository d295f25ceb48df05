import ArgumentParser
import AsyncJobs

/// `ajc queue pause NAME`: stops a queue handing out new work; running tasks finish.
struct QueuePauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause a queue: workers take no new tasks from it; running tasks finish."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The queue's name.")
    var name: String

    func run() async throws {
        try await Self.setPaused(true, queue: name, storeOptions: storeOptions)
    }

    /// Pauses or resumes `queue` and says so: shared with `queue resume`.
    static func setPaused(_ paused: Bool, queue: String, storeOptions: StoreOptions) async throws {
        try await storeOptions.open().updateQueue(queue, QueueChanges(paused: paused))
        print("\(paused ? "Paused" : "Resumed") queue \(queue)")
    }
}
