import ArgumentParser
import AsyncJobs

/// `ajc queue info NAME`: one queue's settings and live figures.
struct QueueInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a queue's settings, counts by state, active/MaxConcurrent, oldest waiting age, wait and run percentiles and 7-day totals.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc queue info <name> [--json]
                   [--store <path> | --nats <url> | --context <name>]
            """,
        aliases: ["view", "i"]
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The queue's name.")
    var name: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let info = try await QueueInfo.read(queue: name, from: try await storeOptions.open(mode: .snapshot), now: .now)
        if output.json { return try OutputOptions.printJSON(info) }
        let summary = info.summary
        let queue = summary.queue
        let oldest = summary.oldestReady.map { GoDuration.compact(Timestamp.now - $0) } ?? "none waiting"
        let rows: [(String, String)] = [
            ("Queue", queue.name + (queue.paused ? " (paused: hands out no new work)" : "")),
            ("Active", "\(summary.active) of max concurrent \(queue.maxConcurrent)"),
            ("Max run time", GoDuration.format(queue.maxRunTime)),
            ("Max tries", queue.maxTries == -1 ? "unlimited" : String(queue.maxTries)),
            ("Max age", queue.maxAge == .zero ? "forever" : GoDuration.format(queue.maxAge)),
            ("Max entries", (queue.maxEntries == 0 ? "unlimited" : String(queue.maxEntries))
                + (queue.discardOld ? ", discarding the oldest when full" : "")),
            ("Retention", queue.retention == .zero ? "forever" : "final tasks kept \(GoDuration.format(queue.retention))"),
            ("Ready", "\(summary.ready) (oldest waiting: \(oldest))"),
            ("Retries due", String(summary.scheduled)),
        ]
        for (label, value) in rows { print(label.padding(toLength: 14, withPad: " ", startingAt: 0) + value) }
        print("Tasks by state")
        for state in TaskState.allCases {
            print("  " + state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + String(summary.count(state)))
        }
        let week = info.activity.last7d
        print("Last 7 days   \(week.completed) completed, \(week.failed) failed, \(week.retried) retried")
        print(LatencyTable(info.activity).render())
    }
}
