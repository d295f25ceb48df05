import ArgumentParser
import AsyncJobs

/// `ajc info`: where the store is, how big, and what it holds.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the store's location, size and task counts."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let info = try await storeOptions.open().info()
        if output.json { return try OutputOptions.printJSON(info) }
        print("Store:  \(info.kind) at \(info.location)")
        if let size = info.sizeBytes { print("Size:   \(size) bytes") }
        for note in info.notes { print("Note:   \(note)") }
        print("Queues: \(info.queues)")
        let total = info.counts.values.reduce(0, +)
        print("Tasks:  \(total)")
        for state in TaskState.allCases where info.counts[state, default: 0] > 0 {
            print("  " + state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + String(info.counts[state, default: 0]))
        }
    }
}
