import ArgumentParser
import AsyncJobs

/// `ajc queue errors NAME`: the queue's failed tasks grouped by their error text, the varying parts
/// (numbers, ids, durations, addresses) normalised, the largest group first.
struct QueueErrorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errors",
        abstract: "Group a queue's failed tasks by error text (numbers, ids, durations and addresses normalised).",
        discussion: """
            Tasks waiting to retry or ended expired, terminated, queue_error or unreachable are grouped by their \
            last error. FIRST SEEN and LAST SEEN are the earliest and latest last attempts in a group.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The queue's name.")
    var name: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let store = try await storeOptions.open(mode: .snapshot)
        _ = try await store.queue(named: name)
        let digests = try await store.taskDigests(TaskFilter(queue: name, states: ErrorGroup.failedStates))
        let groups = ErrorGroup.grouping(digests)
        if output.json { return OutputOptions.printJSONArray(try groups.map(OutputOptions.encode)) }
        if groups.isEmpty { return print("No failed tasks in \(name)") }
        let now = Timestamp.now
        var table = TextTable([
            .init(title: "COUNT", alignRight: true), .init(title: "FIRST SEEN", alignRight: true),
            .init(title: "LAST SEEN", alignRight: true), .init(title: "ERROR"),
        ])
        for group in groups {
            table.append([String(group.count), GoDuration.compact(now - group.firstSeen) + " ago",
                          GoDuration.compact(now - group.lastSeen) + " ago", group.pattern.text])
        }
        print(table.render())
        let total = groups.reduce(0) { $0 + $1.count }
        print("\(groups.count) error group\(groups.count == 1 ? "" : "s") over \(total) failed task\(total == 1 ? "" : "s")")
    }
}
