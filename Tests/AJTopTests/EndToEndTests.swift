import AsyncJobsTesting
import Foundation
import Testing

/// The real `ajtop` binary in a real terminal (tmux) against a SQLite store prepared, changed and checked
/// with the real `ajc`, as an operator's other processes would.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
final class EndToEndTests {
    let store: ScratchStore
    var path: String { store.path }

    init() async throws {
        store = try ScratchStore("ajtop-e2e")
        try await ajc("queue", "add", "emails", "--concurrent", "5")
        try await ajc("queue", "add", "reports", "--concurrent", "2")
        try await ajc("task", "add", "email:send", #"{"to":"a@example.com"}"#, "-q", "emails")
        try await ajc("task", "add", "email:send", "-q", "emails", "--id", "needle-task-42")
        try await ajc("task", "add", "email:digest", "-q", "emails")
        try await ajc("task", "add", "report:daily", "-q", "reports")
    }

    /// `ajc --store <the store> arguments…`; throws unless it exits 0.
    @discardableResult
    func ajc(_ arguments: String...) async throws -> String { try await store.ajc(arguments) }

    /// A task's state as `ajc task view --json` reports it.
    func state(of id: String) async throws -> String? {
        let json = try JSONSerialization.jsonObject(with: Data(try await ajc("task", "view", id, "--json").utf8))
        return (json as? [String: Any])?["state"] as? String
    }

    /// The row of `queue` on the home screen.
    func row(_ queue: String, in screen: [String]) -> [Substring]? {
        screen.first { $0.dropFirst().hasPrefix(queue + " ") }.map { $0.dropFirst().split(separator: " ") }
    }

    /// Marks and a bulk action in a real terminal: `space` marks one, `*` every task of the queue, `t`
    /// asks with the count, and the store ends with all of them terminated.
    @Test func marksAndABulkTerminate() async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path, "--refresh", "1s"])
        defer { session.close() }
        try await session.waitFor(text: "emails")
        try session.send("Enter")
        // The queue's own screen: the home screen's latest events name the task too.
        try await session.waitFor(text: "Queue emails")
        try await session.waitFor(text: "needle-task-42")
        try session.send("Space")
        try await session.waitFor(text: "✓ 1 marked")
        try session.send("*", literal: true)
        try await session.waitFor(text: "✓ 3 marked")
        try session.send("t")
        try await session.waitFor(text: "terminate 3 tasks in emails? y/N")
        try session.send("y")
        try await session.waitFor(text: "✓ terminated 3 tasks")
        #expect(try await state(of: "needle-task-42") == "terminated")
        #expect(try await ajc("task", "ls", "-q", "emails", "--state", "terminated", "--json").components(separatedBy: "\"id\"").count == 4)
    }

    /// The errors view in a real terminal: a local pool fails every task of `emails` with texts that differ
    /// only in their numbers; `e` shows them as one group, Enter lists its tasks, `*` and `r` retry them all.
    @Test func errorsGroupAndRetryAll() async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path, "--refresh", "1s", "--queue", "emails",
                                       "--workers", "2", "--handler", #"=echo "timed out after 3s (request $$)" >&2; exit 1"#])
        defer { session.close() }
        try await session.waitFor(text: "emails")
        try session.send("e")
        // The screen follows the store: the group grows as the pool fails each task.
        try await session.waitFor(text: "Errors in emails: 1 group over 3 failed tasks")
        try await session.waitFor(text: "timed out after <duration> (request <n>)")
        try session.send("Enter")
        try await session.waitFor(text: "error group (3 tasks, Esc lists all): timed out after <duration> (request <n>)")
        try session.send("*", literal: true)
        try await session.waitFor(text: "✓ 3 marked")
        try session.send("r")
        try await session.waitFor(text: "retry 3 tasks in emails? y/N")
        try session.send("y")
        try await session.waitFor(text: "✓ retried 3 tasks")
        try session.send("Escape")
        try await session.waitFor("the whole queue") { screen in !screen.contains { $0.contains("error group (") } }
    }

    /// The Events screen in a real terminal: another process's changes stream in, `p` pauses them (new
    /// ones are counted, not shown), `p` follows again, and Enter opens the event's task.
    @Test func eventsStreamPauseAndOpenTheTask() async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path, "--refresh", "1s"])
        defer { session.close() }
        // Home: the totals over both queues, and the latest events in the rows the two queues leave.
        try await session.waitFor(text: "all: ready 4  active 0/7  retry 0  failed 0")
        try await session.waitFor(text: "Latest events (3: all, pausable)")
        try session.send("3")
        try await session.waitFor(text: "Events: following")
        try await session.waitFor(text: "needle-task-42")
        try await ajc("task", "add", "email:send", "-q", "emails", "--id", "streamed-1")
        try await session.waitFor("the new task's event", timeout: .milliseconds(2500)) { screen in
            screen.contains { $0.hasPrefix("▶") && $0.contains("streamed-1") && $0.contains("○ new") }
        }
        try session.send("p")
        try await session.waitFor(text: "Events: paused")
        try await ajc("task", "add", "email:send", "-q", "emails", "--id", "streamed-2")
        try await session.waitFor(text: "Events: paused, 1 new since (p follows)")
        #expect(!(try session.screen().contains { $0.contains("streamed-2") }))
        try session.send("p")
        try await session.waitFor("the event after the pause") { screen in
            screen.contains { $0.hasPrefix("▶") && $0.contains("streamed-2") }
        }
        try session.send("Enter")
        try await session.waitFor(text: "Task streamed-2")
    }

    @Test func dashboardFollowsTheStoreAndActsOnTasks() async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path, "--refresh", "1s"])
        defer { session.close() }

        // Home: each queue with its depth and active/MaxConcurrent, sorted, first selected.
        try await session.waitFor("both queues") { screen in
            row("emails", in: screen).map { $0[1] == "3" && $0[2] == "0/5" } == true
                && row("reports", in: screen).map { $0[1] == "1" && $0[2] == "0/2" } == true
        }
        #expect(try session.screen().contains { $0.hasPrefix("▶emails") })

        // Another process adds tasks: shown within two refreshes.
        try await ajc("task", "add", "email:send", "-q", "emails")
        try await ajc("task", "add", "email:send", "-q", "emails")
        try await session.waitFor("the new depth", timeout: .milliseconds(2500)) { screen in
            row("emails", in: screen).map { $0[1] == "5" } == true
        }

        // Open the queue, filter to one task, terminate it after confirming.
        try session.send("Enter")
        try await session.waitFor(text: "Queue emails")
        try session.send("/")
        try session.send("needle", literal: true)
        try session.send("Enter")
        try await session.waitFor("the filtered task") { screen in
            screen.contains { $0.hasPrefix("▶needle-task-42") } && screen.contains { $0.contains("/needle: 1 match  1-1 of 1") }
        }
        try session.send("t")
        try await session.waitFor(text: "Terminate task needle-task-42? [y/N]")
        try session.send("y")
        try await session.waitFor(text: "✓ terminated needle-task-42")
        #expect(try await state(of: "needle-task-42") == "terminated")
        try await session.waitFor(text: "⊘ terminated")

        // Retry it: it reads as ready (its next attempt is due now), and the message goes after a few seconds.
        try session.send("r")
        try await session.waitFor(text: "✓ retried needle-task-42")
        #expect(try await ["new", "retry"].contains(state(of: "needle-task-42")))
        try await session.waitFor("the retried task as ready") { screen in
            screen.contains { $0.hasPrefix("▶needle-task-42") && $0.contains("○ ready") && !$0.contains("retry") }
        }
        try await session.waitFor("the message to expire", timeout: .seconds(9)) { screen in
            !screen.contains { $0.contains("retried needle-task-42") }
        }

        // The task's own screen says the same; a message from the queue's screen does not follow there.
        try session.send("p")
        try await session.waitFor(text: "✓ paused queue emails")
        try session.send("Enter")
        try await session.waitFor(text: "Task needle-task-42")
        try await session.waitFor(text: "Attempts (0)")
        let taskScreen = try await session.waitFor(text: "○ ready (retried: its next attempt is due now)")
        #expect(!taskScreen.contains { $0.contains("paused queue emails") })
        try session.send("p")
        try await session.waitFor(text: "✓ resumed queue emails")

        // Help, generated from the key map.
        try session.send("?")
        try await session.waitFor(text: "terminate the selected task, or the marked ones (asks y/N)")
        try session.send("q")
        try await session.waitFor(text: "Task needle-task-42")

        // Smaller terminal: still drawn and still answering keys.
        try session.resize(width: 80, height: 24)
        try session.send("Escape")
        try await session.waitFor(text: "Queue emails")
        // The first Esc clears the filter, the next goes back.
        try session.send("Escape")
        try await session.waitFor("the filter cleared") { screen in !screen.contains { $0.contains("/needle") } }
        try session.send("Escape")
        let home = try await session.waitFor("home at 80x24") { screen in
            screen.count >= 24 && row("emails", in: screen).map { $0[2] == "0/5" } == true
        }
        #expect(home[0].hasPrefix("ajtop  Queues"))
        #expect(home.allSatisfy { $0.count <= 80 })

        // q on home quits with status 0 and gives the terminal back.
        try session.send("q")
        #expect(try await session.waitForExit() == 0)
        #expect(try session.format("alternate_on") == "0")
        #expect(try !session.screen().contains { $0.contains("ajtop  Queues") || $0.contains("QUEUE") })
    }

    @Test(arguments: ["TERM", "HUP", "INT"])
    func signalsRestoreTheTerminal(signal: String) async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path])
        defer { session.close() }
        try await session.waitFor(text: "0/5")
        #expect(try session.format("alternate_on") == "1")
        let pid = try session.commandPID()
        try TmuxSession.run(["kill", "-\(signal)", pid])
        let expected: Int32 = switch signal {
        case "TERM": 128 + 15
        case "HUP": 128 + 1
        default: 128 + 2
        }
        #expect(try await session.waitForExit() == expected)
        #expect(try session.format("alternate_on") == "0")
    }

    @Test func controlCQuitsFromAnyScreen() async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path])
        defer { session.close() }
        try await session.waitFor(text: "0/5")
        try session.send("Enter")
        try await session.waitFor(text: "Queue emails")
        try session.send("C-c")
        #expect(try await session.waitForExit() == 0)
    }

    @Test func readOnlyRefusesAndSays() async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path, "--read-only"])
        defer { session.close() }
        try await session.waitFor(text: "0/5")
        try session.send("p")
        try await session.waitFor(text: "read-only: pause refused (ajtop was started with --read-only)")
        try session.send("q")
        #expect(try await session.waitForExit() == 0)
    }

    @Test func noColorUsesAttributesOnly() async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path], environment: ["NO_COLOR": "1"])
        defer { session.close() }
        try await session.waitFor(text: "0/5")
        let styled = try session.capture(escapes: true)
        #expect(styled.contains("\u{1B}[7m"))
        #expect(styled.range(of: #"\x1B\[[0-9;]*(38;5|48;5|3[0-7]m|4[0-7]m)"#, options: .regularExpression) == nil)
        try session.send("q")
        #expect(try await session.waitForExit() == 0)
    }

    @Test func batchPrintsPlainFrames() async throws {
        let result = try await Binaries.run("ajtop", ["--batch", "--store", path, "--width", "80", "--height", "24",
                                                 "--iterations", "2", "--refresh", "100ms"])
        #expect(result.status == 0)
        #expect(!result.output.contains("\u{1B}"))
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("ajtop  Queues") }.count == 2)
        #expect(lines.contains { $0.hasPrefix("▶emails") && $0.contains(" 3 ") && $0.contains("0/5") })
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test func unopenableStoreIsOneLineAndExitOne() async throws {
        let bad = store.folder.appendingPathComponent("not-a-store.sqlite").path
        try Data("this is not a database, just text that is long enough to be refused".utf8)
            .write(to: URL(fileURLWithPath: bad))
        let result = try await Binaries.run("ajtop", ["--store", bad])
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("ajtop: cannot open store"))
        #expect(result.error.split(separator: "\n").count == 1)
    }
}
