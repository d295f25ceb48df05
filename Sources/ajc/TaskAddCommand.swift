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
                   [--tries <n>] [--id <id>] [--depends <id[,id]> [--load]]
                   [--sign <seed|file>] [--store <path>]
            """,
        discussion: """
            The queue must exist, except DEFAULT, which is created on first use.

            With --depends the task waits blocked until every dependency completes, then runs at once \
            (with --load its handler finds their results in the task's dependency_results); if one \
            ends expired, terminated or unreachable, the task and every task waiting on it become \
            unreachable.

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

    @Option(name: .customLong("depends"), help: ArgumentHelp(
        "Run only once these tasks complete (repeatable, or comma-separated); until then the task is blocked.",
        valueName: "id[,id]"))
    var dependencies: [String] = []

    @Flag(name: .customLong("load"), help: "Give the handler the dependencies' results (dependency_results).")
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
        if loadDependencyResults, dependencies.isEmpty {
            throw ValidationError("--load needs --depends: it loads the results of the task's dependencies")
        }
        if let deadline, deadline.duration <= .zero {
            throw ValidationError("--deadline must be a positive duration (the task expires unless it starts within it), got \(deadline.text)")
        }
    }

    func run() async throws {
        let signer = try signing.signer()
        let now = Timestamp.now
        let bytes = try payload.map { $0 == "-" ? try InputReader.read("-") : Data($0.utf8) }
        let task = try signing.apply(signer, to: JobTask(
            id: id ?? KSUID.make(at: now), type: type, queue: queue, payload: bytes,
            deadline: deadline.map { now + $0.duration }, maxTries: tries, created: now,
            dependencies: dependencies.flatMap { $0.split(separator: ",").map(String.init) },
            loadDependencies: loadDependencyResults))
        try await storeOptions.open().enqueue([task])
        print("Enqueued task \(task.id)")
    }
}
