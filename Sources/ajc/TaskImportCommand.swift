import ArgumentParser
import AsyncJobs

/// `ajc task import FILE`: bulk enqueue, all or nothing.
struct TaskImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Enqueue one task per line of a file, all or nothing.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task import <file> [--queue <queue>] [--type <type>]
                   [--store <path> | --nats <url> | --context <name>]
            """,
        discussion: """
            With --type every line is the payload of one task of that type. Otherwise every line is a JSON \
            object {"type": T, "payload": any JSON, "id": ID, "deadline": RFC 3339 time or duration, \
            "max_tries": N}, only "type" required. Blank lines are skipped. A bad line fails the import \
            with its line number, and then nothing is written.

            Example: seq 1 100000 | ajc task import --type number -q NUMBERS -
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: [.short, .customLong("queue")], help: ArgumentHelp("The queue of every task.", valueName: "queue"))
    var queue = Queue.defaultName

    @Option(help: ArgumentHelp("Treat every line as a payload of this task type.", valueName: "type"))
    var type: String?

    @Argument(help: "The file to read; - reads stdin.")
    var file: String

    func run() async throws {
        let input = try InputReader.read(file)
        let count = try await TaskImport(queue: queue, type: type).run(input, into: storeOptions.open())
        print("Enqueued \(count) tasks")
    }
}
