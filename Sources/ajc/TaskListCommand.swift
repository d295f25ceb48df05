import ArgumentParser
import AsyncJobs

/// `ajc task ls`: tasks, newest first.
struct TaskListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List tasks, newest first.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task ls [<limit>] [-q <queue>] [--state <state> ...] [--type <type>]
                   [--match <text>] [--older-than <duration>]
                   [--limit <n>] [--json] [--store <path>]
            """,
        discussion: "Example: ajc task ls 500 -q EMAIL --state retry",
        aliases: ["list"]
    )

    @OptionGroup var storeOptions: StoreOptions

    // asyncjobs' form, `ajc tasks list 500`.
    @Argument(help: ArgumentHelp("Most tasks to list, as --limit (default \(Self.defaultLimit), as asyncjobs).", valueName: "limit"))
    var positionalLimit: Int?

    @OptionGroup var selectors: TaskSelectorOptions

    @Option(name: .customLong("limit"), parsing: .unconditional,
            help: ArgumentHelp("Most tasks to list (default \(Self.defaultLimit)).", valueName: "n"))
    var optionLimit: Int?

    @OptionGroup var output: OutputOptions

    /// asyncjobs' default.
    static let defaultLimit = 200

    /// The limit given, either way.
    var limit: Int { optionLimit ?? positionalLimit ?? Self.defaultLimit }

    func validate() throws {
        if let positionalLimit, let optionLimit, positionalLimit != optionLimit {
            throw ValidationError("the limit was given twice (\(positionalLimit) and --limit \(optionLimit)); give it once")
        }
        guard limit >= 1 else {
            throw ValidationError("\(optionLimit == nil ? "LIMIT" : "--limit") must be at least 1, got \(limit)")
        }
    }

    func run() async throws {
        let filter = selectors.filter(now: .now, limit: limit)
        // Listing and counting read the task records alone.
        let store = try await storeOptions.open(mode: .taskListing)
        let tasks = try await store.tasks(filter)
        if output.json { return OutputOptions.printJSONArray(tasks.map(\.wireJSON)) }
        if tasks.isEmpty { return print("No tasks") }
        let now = Timestamp.now
        var table = TextTable([
            .init(title: "ID", minimumWidth: 27), .init(title: "TYPE", minimumWidth: 8),
            .init(title: "QUEUE", minimumWidth: 8), .init(title: "STATE"), .init(title: "TRIES", alignRight: true),
            .init(title: "AGE", alignRight: true),
        ])
        for task in tasks {
            table.append([task.id, task.type, task.queue, task.state.rawValue, String(task.tries),
                          GoDuration.compact(now - task.created)])
        }
        print(table.render())
        if tasks.count == limit {
            let total = try await store.countTasks(filter)
            if total > limit { print("(\(limit) of \(total) tasks; --limit N shows more)") }
        }
    }
}
