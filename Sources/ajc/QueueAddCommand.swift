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
        discussion: "Example: ajc queue add EMAIL --concurrent 5 --run-time 30s --tries 10"
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The queue's name: letters, digits, '_', ':' and '-'.")
    var name: String

    @OptionGroup var settings: QueueSettingsOptions

    @Flag(name: .long, help: "When the queue is full, expire its oldest waiting task instead of refusing new ones.")
    var discardOld = false

    func run() async throws {
        let queue = try settings.changes(discardOld: discardOld).applied(to: Queue(name: name))
        try await storeOptions.open().createQueue(queue)
        print("Created queue \(queue.name)")
    }
}
