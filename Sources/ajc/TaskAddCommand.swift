import ArgumentParser
import AsyncJobs
import Foundation

/// `ajc task add TYPE [PAYLOAD]`: enqueues one task.
struct TaskAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Enqueue a task.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task add <type> [<payload>] [-q <queue>] [--deadline <duration>]
                   [--tries <n>] [--id <id>] [--sign <seed|file>] [--store <path>]
            """,
        discussion: """
            The queue must exist, except DEFAULT, which is created on first use.

            Example: ajc task add email:new '{"to":"a@b.c"}' -q EMAIL --deadline 1h
            """,
        aliases: ["new", "a", "enqueue"]
    )

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var signing: SigningOption

    @Argument(help: "The task type, which selects its handler.")
    var type: String

    @Argument(help: "The payload, stored as the given bytes; - reads it from stdin. None by default.")
    var payload: String?

    // asyncjobs' task dependencies: accepted by name, refused until dependencies exist.
    @Option(name: .customLong("depends"), help: ArgumentHelp(
        "asyncjobs' dependencies on other tasks (not supported yet).", valueName: "id[,id]"))
    var dependencies: [String] = []

    @Flag(name: .customLong("load"), help: "asyncjobs' loading of dependency results (not supported yet).")
    var loadDependencyResults = false

    @Option(name: [.short, .customLong("queue")], help: ArgumentHelp("The queue.", valueName: "queue"))
    var queue = Queue.defaultName

    // Unconditional, so that "--deadline -1h" is reported as a past deadline rather than a missing value.
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Expire the task unless it starts within this long.", valueName: "duration"))
    var deadline: DurationArgument?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Most attempts for this task; 0 leaves only the queue's limit.", valueName: "n"))
    var tries = JobTask.defaultMaxTries

    @Option(help: ArgumentHelp("The task's id (default: a new KSUID).", valueName: "id"))
    var id: String?

    func validate() throws {
        // A task born past its deadline would only ever expire.
        if let deadline, deadline.duration <= .zero {
            throw ValidationError("--deadline must be a positive duration (the task expires unless it starts within it), got \(deadline.text)")
        }
    }

    func run() async throws {
        try UnsupportedFeature.refuse([
            (!dependencies.isEmpty || loadDependencyResults, .notYet("task dependencies (--depends, --load) are")),
        ])
        let signer = try signing.signer()
        let now = Timestamp.now
        let bytes = try payload.map { $0 == "-" ? try InputReader.read("-") : Data($0.utf8) }
        let task = try signing.apply(signer, to: JobTask(
            id: id ?? KSUID.make(at: now), type: type, queue: queue, payload: bytes,
            deadline: deadline.map { now + $0.duration }, maxTries: tries, created: now))
        try await storeOptions.open().enqueue([task])
        print("Enqueued task \(task.id)")
    }
}
