import ArgumentParser
import AsyncJobsJetStream

/// `ajc task initialize`: asyncjobs' creation of the JetStream tasks stream (with the store's other streams and
/// buckets), refused on SQLite, whose tables are created when the store is first opened.
struct TaskInitializeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "initialize",
        abstract: "Create asyncjobs' JetStream tasks stream (JetStream store only: exits 1 on SQLite).",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task initialize [--memory] [--retention <duration>] [--replicas <n>]
                   [--store <path> | --nats <url> | --context <name>]
            """,
        discussion: "A SQLite store needs no initialising: any command creates it on first use."
    )

    @Flag(help: "Keep the tasks in memory.")
    var memory = false

    @Option(help: ArgumentHelp("How long tasks are kept.", valueName: "duration"))
    var retention: DurationArgument?

    @Option(parsing: .unconditional, help: ArgumentHelp("Stream replicas.", valueName: "n"))
    var replicas = 1

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        guard storeOptions.isJetStream else {
            throw UnsupportedFeature.jetStreamOnly("task initialize", note: "its tables are created on first use; there is nothing to initialize")
        }
        let creation = JetStreamStoreOptions(replicas: replicas, storage: memory ? .memory : .file,
                                             taskRetention: retention?.duration ?? .zero)
        let info = try await storeOptions.open(jetStream: creation).info()
        print("Tasks storage ready: \(info.location)")
    }
}
