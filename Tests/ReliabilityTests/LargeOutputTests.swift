import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// Issue 14, item 3: commands with huge outputs beside a busy store. Reading one command's output
    /// must not delay the other slots or lease renewal, and what is kept is bounded.
    @Suite struct LargeOutput {
        static let command = """
            case "$AJ_TASK_ID" in
              stdout50) head -c 52428800 /dev/zero ;;
              stderr50) head -c 52428800 /dev/zero | tr '\\0' e >&2; echo >&2; echo 'out of paper' >&2; exit 1 ;;
              stubborn) trap '' TERM; sleep 30 ;;
              closer) exec >&-; sleep 1 ;;
              second) sleep 1; echo '{"slept": 1}' ;;
            esac
            """

        @Test(.timeLimit(.minutes(5)))
        func hugeOutputsStallNeitherOtherSlotsNorLeases() async throws {
            try await Workbench.with { bench in
                let store = try bench.openStore()
                // One try each, so a failure is final; MaxRunTime 4 s bounds the command that ignores SIGTERM.
                try await bench.ajcOK("queue", "add", "X", "--run-time", "4s", "--tries", "1")
                for id in ["stdout50", "stderr50", "stubborn", "closer", "second"] {
                    try await bench.ajcOK("task", "add", "x", "-q", "X", "--id", id)
                }
                let worker = try bench.start(try ProductBinary.path("ajc", override: "AJC_BINARY"),
                                             ["task", "process", "x", "X", "8", Self.command])
                // A bulk import into another queue at the same time keeps the store's writer busy.
                let lines = Data((1...200_000).map(String.init).joined(separator: "\n").utf8)
                let importer = try bench.start(try ProductBinary.path("ajc", override: "AJC_BINARY"),
                                               ["task", "import", "--type", "n", "-"], input: lines)
                _ = try await bench.waitForTask("second", state: .complete, in: store)
                for id in ["stdout50", "stderr50", "stubborn", "closer"] {
                    try await eventually(timeout: .seconds(30), "\(id) to end") { try await store.task(id: id).state.isFinal }
                }
                let imported = try await bench.finish(importer, timeout: .seconds(120))
                #expect(imported.status == 0, "\(imported)")
                worker.signal(SIGINT)
                _ = await worker.exitStatus(within: .seconds(30))

                // The worker's own record of the 1-second attempt: 8 s when outputs were read whole.
                let second = try #require(try await store.attempts(taskID: "second").first)
                let secondTook = (second.ended ?? second.started) - second.started
                #expect(secondTook < .seconds(3), "the 1-second task took \(secondTook) beside 50 MB outputs and an import")
                let stdout = try await store.task(id: "stdout50")
                #expect(stdout.state == .expired && stdout.lastError?.contains("larger than the result limit of \(ShellCommandHandler.resultLimit) bytes") == true,
                        "\(stdout.lastError ?? "")")
                #expect(stdout.result == nil)
                #expect(try await store.task(id: "stderr50").lastError == "out of paper")
                #expect(try await store.task(id: "closer").state == .complete)
                for id in ["stdout50", "stderr50", "stubborn", "closer", "second"] {
                    let outcomes = try await store.attempts(taskID: id).map(\.outcome)
                    #expect(!outcomes.contains(.interrupted), "a live worker's attempt of \(id) was lost: \(outcomes)")
                }
                #expect(try await store.attempts(taskID: "stubborn").map(\.outcome) == [.timeout])
                // Nothing of the 100 MB was stored: each task reads back small.
                for id in ["stdout50", "stderr50"] {
                    let view = try await bench.ajcOK("task", "view", id, "--json")
                    #expect(view.stdout.utf8.count < 64 << 10, "\(id) reads back as \(view.stdout.utf8.count) bytes")
                }
                SoakSettings.report("large output: 1-second task done in \(secondTook) beside 50 MB stdout, 50 MB stderr, an ignored SIGTERM and a 200k import")
            }
        }
    }
}
