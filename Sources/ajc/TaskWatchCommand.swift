import ArgumentParser
import AsyncJobs
import Foundation

/// `ajc task watch`: follows task state changes live.
struct TaskWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow task state changes live, one line each, until Ctrl-C.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task watch [--queue <queue>] [--task <id>] [--json]
                   [--store <path> | --nats <url> | --context <name>]
            """,
        discussion: """
            Lines look like: [15:04:05] <id>: queue: Q type: T tries: N state: S
            With --json every change is one JSON object per line (NDJSON).
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: [.short, .customLong("queue")], help: ArgumentHelp("Only this queue's tasks.", valueName: "queue"))
    var queue: String?

    @Option(name: .customLong("task"), help: ArgumentHelp("Only this task.", valueName: "id"))
    var taskID: String?

    @Flag(name: [.customShort("j"), .long], help: "Print one JSON object per change (NDJSON).")
    var json = false

    func run() async throws {
        let watch = TaskWatch(store: try await storeOptions.open(), queue: queue, taskID: taskID)
        let json = json
        let trap = SignalTrap()
        defer { trap.cancel() }
        let follower = Task {
            try await watch.follow(ready: {
                Diagnostics.note("Watching task state changes (Ctrl-C to stop)")
            }) { event in
                let line = json ? TaskStateChangeEvent(event).jsonLine : TaskWatch.line(for: event)
                // Written unbuffered: readers are often pipes (grep, jq) and must see each change as it happens.
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        }
        let signals = trap.signals
        let listener = Task {
            for await _ in signals { follower.cancel() }
        }
        defer { listener.cancel() }
        try await follower.value
    }
}
