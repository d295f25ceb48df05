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
        discussion: """
            Limits (asyncjobs'): --max-age 0 or at least 2m, --run-time at least 1s, --concurrent at \
            most 10000.

            Example: ajc queue configure EMAIL --concurrent 20 --run-time 2m
            """,
        aliases: ["config", "cfg"]
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The queue's name.")
    var name: String

    @OptionGroup var settings: QueueSettingsOptions

    @Flag(inversion: .prefixedNo, help: "When full, expire the oldest waiting task instead of refusing new ones.")
    var discardOld: Bool?

    @OptionGroup var asyncjobs: QueueAsyncjobsOptions

    func validate() throws {
        let changes = try asyncjobs.merged(into: settings.changes(discardOld: discardOld))
        // A JetStream-only flag alone is refused in run(), as a failed operation, not as nothing to do.
        guard changes != QueueChanges() || asyncjobs.memory || asyncjobs.replicas != nil else {
            throw ValidationError("nothing to change: give at least one of --concurrent, --run-time, --tries, --max-age, --entries, --retention, --discard-old")
        }
    }

    func run() async throws {
        try asyncjobs.refuseStorageChanges(jetStream: storeOptions.isJetStream)
        let changes = try asyncjobs.merged(into: settings.changes(discardOld: discardOld))
        try QueueLimits.check(changes)
        let queue = try await storeOptions.open().updateQueue(name, changes)
        print("Configured queue \(queue.name): max concurrent \(queue.maxConcurrent), run time \(GoDuration.format(queue.maxRunTime)), tries \(queue.maxTries), max age \(GoDuration.format(queue.maxAge)), entries \(queue.maxEntries), discard old \(queue.discardOld), retention \(GoDuration.format(queue.retention))")
    }
}
