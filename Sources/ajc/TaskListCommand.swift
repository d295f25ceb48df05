import ArgumentParser
import AsyncJobs

/// `ajc task ls`: tasks, newest first.
struct TaskListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List tasks, newest first.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task ls [-q <queue>] [--state <state> ...] [--type <type>]
                   [--match <text>] [--older-than <duration>]
                   [--limit <n>] [--json] [--store <path>]
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var selectors: TaskSelectorOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Most tasks to list.", valueName: "n"))
    var limit = 50

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() async throws {
        let filter = selectors.filter(now: .now, limit: limit)
        let store = try storeOptions.open()
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
