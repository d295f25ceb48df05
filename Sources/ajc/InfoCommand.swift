import ArgumentParser
import AsyncJobs
import AsyncJobsJetStream

/// `ajc info`: where the store is, how big, and what it holds.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the store's location, size and task counts.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc info [--json] [--store <path>]
                   [-R <n>] [--memory] [--retention <duration>]
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    // asyncjobs' flags for initialising JetStream storage on first use: refused on SQLite, not ignored.
    @Option(name: [.customShort("R"), .customLong("replica")], help: ArgumentHelp(
        "asyncjobs' storage replicas (JetStream store only).", valueName: "n"))
    var replicas: Int?

    @Flag(help: "asyncjobs' memory storage (JetStream store only).")
    var memory = false

    @Option(help: ArgumentHelp("asyncjobs' task retention (JetStream store only).", valueName: "duration"))
    var retention: DurationArgument?

    func run() async throws {
        if !storeOptions.isJetStream {
            try UnsupportedFeature.refuse([
                (replicas != nil, .jetStreamOnly("-R/--replica")),
                (memory, .jetStreamOnly("--memory")),
                (retention != nil, .jetStreamOnly("--retention", note: "it sets the tasks stream's MaxAge")),
            ])
        }
        let creation = JetStreamStoreOptions(replicas: replicas ?? 1, storage: memory ? .memory : .file,
                                             taskRetention: retention?.duration ?? .zero)
        let info = try await storeOptions.open(jetStream: creation, mode: .snapshot).info()
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
