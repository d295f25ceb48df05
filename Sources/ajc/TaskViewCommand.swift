import ArgumentParser
import AsyncJobs
import Foundation

/// `ajc task view ID`: one task with its attempt history.
struct TaskViewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Show a task and its attempts.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc task view <id> [--json]
                   [--store <path> | --nats <url> | --context <name>]
            """,
        discussion: "With --json: the task's wire object plus an \"attempts\" array.",
        aliases: ["show", "v", "info", "i"]
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The task's id.")
    var id: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let store = try await storeOptions.open(mode: .snapshot)
        let task = try await store.task(id: id)
        let attempts = try await store.attempts(taskID: id)
        if output.json { return print(String(decoding: task.wireJSON(attempts: attempts), as: UTF8.self)) }
        var rows: [(String, String)] = [
            ("ID", task.id), ("Type", task.type), ("Queue", task.queue), ("State", task.state.rawValue),
            ("Created", task.created.rfc3339), ("Tries", String(task.tries) + (task.maxTries > 0 ? " of \(task.maxTries)" : "")),
        ]
        if let tried = task.tried { rows.append(("Last tried", tried.rfc3339)) }
        if let deadline = task.deadline { rows.append(("Deadline", deadline.rfc3339)) }
        if let signature = task.signature, !signature.isEmpty { rows.append(("Signature", signature)) }
        for dependency in task.dependencies {
            let state = (try? await store.task(id: dependency).state.rawValue) ?? "deleted"
            rows.append(("Depends on", "\(dependency) (\(state))" + (task.loadDependencies ? ", result loaded" : "")))
        }
        for dependent in try await store.dependents(taskID: id) {
            rows.append(("Dependent", "\(dependent.id) (\(dependent.state.rawValue))"))
        }
        if let lease = try await store.lease(taskID: id) {
            // Readers tell the truth even when no process has the store open to rescue a dead worker's lease.
            rows.append(("Lease", "attempt \(lease.attempt): \(lease.describe(at: .now))"
                         + (lease.terminateRequested ? "; termination asked" : "")))
        }
        if let error = task.lastError, !error.isEmpty { rows.append(("Last error", error)) }
        rows.append(("Payload", Self.text(of: task.payload)))
        if let result = task.result {
            rows.append(("Completed", result.completed.rfc3339))
            rows.append(("Result", result.payload.jsonString))
        }
        for (label, value) in rows {
            let shown = VisibleText.escaping(value, keepingLines: label == "Payload" || label == "Result")
            print(label.padding(toLength: 12, withPad: " ", startingAt: 0) + shown)
        }
        guard !attempts.isEmpty else { return }
        print("")
        var table = TextTable([
            .init(title: "#", alignRight: true), .init(title: "STARTED", minimumWidth: 8),
            .init(title: "TOOK", alignRight: true), .init(title: "OUTCOME"), .init(title: "WORKER", minimumWidth: 6),
            .init(title: "ERROR", minimumWidth: 5),
        ])
        for attempt in attempts {
            table.append([
                String(attempt.n), attempt.started.rfc3339,
                attempt.ended.map { GoDuration.format(.milliseconds(($0 - attempt.started).nanoseconds / 1_000_000)) } ?? "-",
                attempt.outcome.rawValue, attempt.worker, attempt.error ?? "",
            ])
        }
        print(table.render())
    }

    /// The payload as text when it is UTF-8, else as base64.
    static func text(of payload: Data?) -> String {
        guard let payload else { return "(none)" }
        if let text = String(data: payload, encoding: .utf8) { return text }
        return "base64:" + payload.base64EncodedString()
    }
}
