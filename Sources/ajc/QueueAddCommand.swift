import ArgumentParser
import AsyncJobs

/// `ajc queue add NAME`: creates a queue.
struct QueueAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a queue (an error if it exists).",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc queue add <name> [--concurrent <n>] [--run-time <duration>]
                   [--tries <n>] [--max-age <duration>] [--entries <n>]
                   [--retention <duration>] [--discard-old] [--store <path>]
            """,
        discussion: """
            Limits (asyncjobs'): --max-age 0 or at least 2m, --run-time at least 1s, --concurrent at \
            most 10000.

            Example: ajc queue add EMAIL --concurrent 5 --run-time 30s --tries 10
            """,
        aliases: ["new", "n", "a"]
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The queue's name: letters, digits, '_', ':' and '-'.")
    var name: String

    @OptionGroup var settings: QueueSettingsOptions

    @Flag(name: .long, help: "When the queue is full, expire its oldest waiting task instead of refusing new ones.")
    var discardOld = false

    @OptionGroup var asyncjobs: QueueAsyncjobsOptions

    func validate() throws {
        _ = try asyncjobs.merged(into: settings.changes(discardOld: discardOld))
    }

    func run() async throws {
        let creation = try asyncjobs.creationOptions(jetStream: storeOptions.isJetStream)
        let changes = try asyncjobs.merged(into: settings.changes(discardOld: discardOld))
        try QueueLimits.check(changes)
        let queue = try changes.applied(to: Queue(name: name))
        try await storeOptions.open(jetStream: creation).createQueue(queue)
        print("Created queue \(queue.name)")
    }
}
