import ArgumentParser
import AsyncJobs

/// `ajc queue configure NAME`: changes a queue's settings live.
struct QueueConfigureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configure",
        abstract: "Change a queue's settings live; running workers pick them up within a second.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc queue configure <name> [--concurrent <n>] [--run-time <duration>]
                   [--tries <n>] [--max-age <duration>] [--entries <n>]
                   [--retention <duration>] [--[no-]discard-old] [--store <path>]
            """,
        discussion: "Example: ajc queue configure EMAIL --concurrent 20 --run-time 2m"
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The queue's name.")
    var name: String

    @OptionGroup var settings: QueueSettingsOptions

    @Flag(inversion: .prefixedNo, help: "When full, expire the oldest waiting task instead of refusing new ones.")
    var discardOld: Bool?

    func validate() throws {
        guard settings.changes(discardOld: discardOld) != QueueChanges() else {
            throw ValidationError("nothing to change: give at least one of --concurrent, --run-time, --tries, --max-age, --entries, --retention, --discard-old")
        }
    }

    func run() async throws {
        let queue = try await storeOptions.open().updateQueue(name, settings.changes(discardOld: discardOld))
        print("Configured queue \(queue.name): max concurrent \(queue.maxConcurrent), run time \(GoDuration.format(queue.maxRunTime)), tries \(queue.maxTries), max age \(GoDuration.format(queue.maxAge)), entries \(queue.maxEntries), discard old \(queue.discardOld), retention \(GoDuration.format(queue.retention))")
    }
}
