import Foundation
import Testing

/// `ajc task process` with a shell-script handler, and `ajc task watch` following other processes.
@Suite struct ProcessAndWatchTests {
    /// A handler script whose behaviour depends on the task type: complete, fail (retry), terminate, run
    /// until the test creates `release-slow`, or hang.
    func writeHandler(_ ajc: AJCProcess) throws -> String {
        let script = ajc.folder.appendingPathComponent("handler.sh")
        try Data("""
            #!/bin/sh
            input=$(cat)
            case "$AJ_TASK_TYPE" in
              ok)
                # The task file holds the same JSON as stdin.
                [ "$(cat "$AJ_TASK_FILE")" = "$input" ] || { echo "task file differs from stdin" >&2; exit 9; }
                printf '{"handled":"%s","bytes":%d}\\n' "$AJ_TASK_ID" "${#input}" ;;
              text) echo "plain words" ;;
              fail) echo "warming up" >&2; echo "transient trouble" >&2; exit 3 ;;
              stop) echo "bad payload, giving up" >&2; exit 64 ;;
              slow)
                # Held until the test releases it, so "the task is running" is a fact the test waits for
                # rather than a two-second window a loaded machine's polling can miss.
                : > "$(dirname "$0")/slow.started"
                while [ ! -e "$(dirname "$0")/slow.release" ]; do sleep 0.05; done
                echo slow-done ;;
              hang) sleep 300 ;;
            esac
            """.utf8).write(to: script)
        return "sh \(script.path)"
    }

    @Test func processCompletesRetriesAndTerminatesByExitStatusThenDrainsOnSIGTERM() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        for type in ["ok", "text", "fail", "stop"] {
            try await ajc.ok("task", "add", type, "{}", "-q", "W", "--id", "\(type)-1")
        }
        let worker = try ajc.start(["task", "process", "", "W", "2", try writeHandler(ajc)])
        let ok = try await ajc.waitForTask("ok-1", "complete") { $0["state"] as? String == "complete" }
        let result = try #require((ok["result"] as? [String: Any])?["payload"] as? [String: Any])
        #expect(result["handled"] as? String == "ok-1")
        #expect((result["bytes"] as? Int ?? 0) > 50)
        let text = try await ajc.waitForTask("text-1", "complete") { $0["state"] as? String == "complete" }
        #expect((text["result"] as? [String: Any])?["payload"] as? String == "plain words")
        let failed = try await ajc.waitForTask("fail-1", "retry") { $0["state"] as? String == "retry" }
        #expect(failed["last_err"] as? String == "transient trouble")
        let attempts = try #require(failed["attempts"] as? [[String: Any]])
        #expect(attempts.first?["outcome"] as? String == "failed")
        #expect(attempts.first?["error"] as? String == "transient trouble")
        let stopped = try await ajc.waitForTask("stop-1", "terminated") { $0["state"] as? String == "terminated" }
        #expect(stopped["last_err"] as? String == "bad payload, giving up")
        #expect(stopped["tries"] as? Int == 1)

        worker.signal(SIGTERM)
        let exit = try await worker.finish()
        #expect(exit.status == 0, "\(exit)")
        #expect(exit.stderr.contains("Processing every task from queue W"), "\(exit)")
    }

    @Test func ctrlCLetsTheRunningTaskFinishBeforeExiting() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        try await ajc.ok("task", "add", "slow", "-q", "W", "--id", "slow-1")
        let worker = try ajc.start(["task", "process", "slow", "W", "1", try writeHandler(ajc)])
        defer { worker.signal(SIGKILL) }  // a test that fails early leaves no worker behind
        let started = ajc.folder.appendingPathComponent("slow.started")
        try await AJCProcess.poll("the slow handler to start", timeout: .seconds(60), every: .milliseconds(50)) {
            FileManager.default.fileExists(atPath: started.path) ? nil : "not started"
        }
        worker.signal(SIGINT)
        try await worker.waitFor("the drain to start") { _, stderr in stderr.contains("Stopping") }
        FileManager.default.createFile(atPath: ajc.folder.appendingPathComponent("slow.release").path, contents: nil)
        let exit = try await worker.finish()
        #expect(exit.status == 0, "\(exit)")
        #expect(exit.stderr.contains("Stopping: waiting for running tasks to finish"))
        let task = try await ajc.task("slow-1")
        #expect(task["state"] as? String == "complete", "\(task)")
        #expect((task["result"] as? [String: Any])?["payload"] as? String == "slow-done")
    }

    @Test func aSecondCtrlCCancelsTheRunningTaskAndExits130() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        try await ajc.ok("task", "add", "hang", "-q", "W", "--id", "hang-1")
        let worker = try ajc.start(["task", "process", "hang", "W", "1", try writeHandler(ajc)])
        try await ajc.waitForTask("hang-1", "active") { $0["state"] as? String == "active" }
        worker.signal(SIGINT)
        try await worker.waitFor("the drain to start") { _, stderr in stderr.contains("Stopping") }
        worker.signal(SIGINT)
        let exit = try await worker.finish(timeout: .seconds(20))
        #expect(exit.status == 130, "\(exit)")
        let task = try await ajc.task("hang-1")
        #expect(task["state"] as? String != "active", "\(task)")
    }

    /// No process has the store open after the worker's death: `view` still tells the truth, and
    /// `terminate` ends the task itself instead of waiting for a rescue that nobody would do.
    @Test func aDeadWorkersLeaseIsShownAsSuchAndItsTerminateEndsAtOnce() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W", "--run-time", "1h")
        try await ajc.ok("task", "add", "hang", "-q", "W", "--id", "hang-1")
        // A 3 s lease: with 500 ms the worker's command watchdog (silence limit 333 ms) killed the handler on
        // a loaded machine before the test saw it active, in a clean CI run and beside other suites.
        let worker = try ajc.start(["task", "process", "hang", "W", "1", "--lease", "3s", try writeHandler(ajc)])
        try await ajc.waitForTask("hang-1", "active") { $0["state"] as? String == "active" }
        let live = try await ajc.ok("task", "view", "hang-1")
        #expect(live.contains("Lease       attempt 1: leased by "), "\(live)")
        await worker.killHard()
        // The lease was renewed at most a renewal interval (1 s) before the kill, so it runs out within 3 s.
        try await Task.sleep(for: .milliseconds(3500))
        let view = try await ajc.ok("task", "view", "hang-1")
        #expect(view.contains("State       active"), "\(view)")
        #expect(view.contains("ago: its worker is gone"), "an expired lease is not shown as a healthy active task: \(view)")
        let terminated = try await ajc.ok("task", "terminate", "hang-1")
        #expect(terminated.hasPrefix("Terminated task hang-1: its lease expired "), "\(terminated)")
        let task = try await ajc.task("hang-1")
        #expect(task["state"] as? String == "terminated", "\(task)")
    }

    @Test func terminateFromAnotherProcessKillsTheRunningCommand() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        try await ajc.ok("task", "add", "hang", "-q", "W", "--id", "hang-1")
        let worker = try ajc.start(["task", "process", "hang", "W", "1", try writeHandler(ajc)])
        try await ajc.waitForTask("hang-1", "active") { $0["state"] as? String == "active" }
        let asked = try await ajc.ok("task", "terminate", "hang-1")
        #expect(asked.hasPrefix("Asked worker ") && asked.contains("to terminate task hang-1: it cancels the handler within a second"), "\(asked)")
        #expect(asked.contains("once its lease runs out at "), "and how it ends if the worker is gone: \(asked)")
        let task = try await ajc.waitForTask("hang-1", "terminated", timeout: .seconds(10)) {
            $0["state"] as? String == "terminated"
        }
        #expect(task["last_err"] as? String == "terminated by operator")
        // The killed `sleep 300` would otherwise keep the drain waiting: the worker exits promptly.
        worker.signal(SIGTERM)
        let exit = try await worker.finish(timeout: .seconds(20))
        #expect(exit.status == 0, "\(exit)")
    }

    @Test func processNeedsAnExistingQueue() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let result = try await ajc("task", "process", "t", "NOPE", "1", "true")
        #expect(result.status == 1 && result.stderr.hasPrefix("ajc: queue NOPE not found"), "\(result)")
    }

    @Test func watchSeesAnotherProcessesChangesAsLines() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "Q")
        try await ajc.ok("queue", "add", "OTHER")
        let watcher = try ajc.start(["task", "watch", "-q", "Q"])
        try await watcher.waitFor("the watch to start") { _, stderr in stderr.contains("Watching") }
        try await ajc.ok("task", "add", "email", "-q", "OTHER", "--id", "elsewhere")
        try await ajc.ok("task", "add", "email", "-q", "Q", "--id", "w1")
        try await ajc.ok("task", "terminate", "w1")
        try await watcher.waitFor("both changes") { stdout, _ in stdout.contains("state: terminated") }
        watcher.signal(SIGINT)
        let exit = try await watcher.finish()
        #expect(exit.status == 0, "\(exit)")
        let lines = exit.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.allSatisfy { $0.range(of: #"^\[\d\d:\d\d:\d\d\] w1: queue: Q type: email tries: 0 state: "#, options: .regularExpression) != nil }, "\(lines)")
        #expect(lines.first?.hasSuffix("state: new") == true)
        #expect(lines.last?.contains("state: terminated") == true)
    }

    @Test func watchJSONFollowsOneTaskAsNDJSON() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let watcher = try ajc.start(["task", "watch", "--task", "mine", "--json"])
        try await watcher.waitFor("the watch to start") { _, stderr in stderr.contains("Watching") }
        try await ajc.ok("task", "add", "t", "--id", "theirs")
        try await ajc.ok("task", "add", "t", "--id", "mine")
        try await ajc.ok("task", "terminate", "mine")
        try await watcher.waitFor("the terminate") { stdout, _ in stdout.contains("terminated") }
        watcher.signal(SIGTERM)
        let exit = try await watcher.finish()
        #expect(exit.status == 0)
        let events = exit.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(events.count == 2, "\(exit.stdout)")
        #expect(events.map { $0["task_id"] as? String } == ["mine", "mine"])
        #expect(events.map { $0["state"] as? String } == ["new", "terminated"])
        #expect(events.first?["type"] as? String == "io.choria.asyncjobs.v1.task_state")
        #expect(events.first?["queue"] as? String == "DEFAULT" && events.first?["task_type"] as? String == "t")
    }
}
