import ArgumentParser
import AsyncJobs

/// `ajc queue ls`: every queue with its settings and live counts.
struct QueueListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List every queue with its live counts.",
        discussion: "READY: runnable now; ACTIVE: being handled / MaxConcurrent; RETRY: retries scheduled; FAILED: expired and terminated; OLDEST: how long the oldest ready task has waited.",
        aliases: ["list"]
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let summaries = try await storeOptions.open(mode: .snapshot).summaries()
        if output.json { return OutputOptions.printJSONArray(try summaries.map(OutputOptions.encode)) }
        if summaries.isEmpty { return print("No queues; create one with 'ajc queue add NAME'") }
        let now = Timestamp.now
        var table = TextTable([
            .init(title: "QUEUE", minimumWidth: 8), .init(title: "PAUSED"), .init(title: "READY", alignRight: true),
            .init(title: "ACTIVE", alignRight: true), .init(title: "RETRY", alignRight: true),
            .init(title: "COMPLETE", alignRight: true), .init(title: "FAILED", alignRight: true),
            .init(title: "OLDEST", alignRight: true),
        ])
        for summary in summaries {
            table.append([
                summary.queue.name, summary.queue.paused ? "paused" : "-", String(summary.ready),
                "\(summary.active)/\(CompactCount.text(summary.queue.maxConcurrent))", String(summary.scheduled),
                String(summary.count(.complete)), String(summary.failed),
                summary.oldestReady.map { GoDuration.compact(now - $0) } ?? "-",
            ])
        }
        print(table.render())
    }
}
