import Foundation
import Testing

/// `ajc task process --discard-complete/--discard-expired` and a queue's `--retention`.
@Suite struct DiscardAndRetentionTests {
    @Test func discardCompleteDeletesCompletedTasksAndKeepsExpiredOnes() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W", "--tries", "1")
        try await ajc.ok("task", "add", "ok", "{}", "-q", "W", "--id", "ok-1")
        try await ajc.ok("task", "add", "fail", "{}", "-q", "W", "--id", "fail-1")
        let script = ajc.folder.appendingPathComponent("handler.sh")
        try Data("""
            #!/bin/sh
            cat >/dev/null
            [ "$AJ_TASK_TYPE" = ok ] && { echo done; exit 0; }
            echo "no luck" >&2; exit 3
            """.utf8).write(to: script)
        let worker = try ajc.start(["task", "process", "", "W", "2", "sh \(script.path)", "--discard-complete"])
        try await ajc.waitForTask("fail-1", "expired") { $0["state"] as? String == "expired" }
        try await AJCProcess.poll("ok-1 to be discarded", timeout: .seconds(30), every: .milliseconds(100)) {
            let view = try await ajc("task", "view", "ok-1")
            return view.status == 0 ? view.stdout : nil
        }
        worker.signal(SIGTERM)
        #expect(try await worker.finish().status == 0)
        let listed = try await ajc.ok("task", "ls", "-q", "W", "--json")
        #expect(listed.contains("fail-1") && !listed.contains("ok-1"), "\(listed)")
    }

    @Test func retentionIsSetShownAndChangedLive() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W", "--retention", "168h")
        #expect(try await ajc.ok("queue", "info", "W").contains("Retention     final tasks kept 168h0m0s"))
        let json = try await ajc.ok("queue", "info", "W", "--json")
        #expect(json.contains(#""retention":604800000000000"#), "\(json)")
        let configured = try await ajc.ok("queue", "configure", "W", "--retention", "0")
        #expect(configured.contains("retention 0s"), "\(configured)")
        #expect(try await ajc.ok("queue", "info", "W").contains("Retention     forever"))
        let refused = try await ajc("queue", "configure", "W", "--retention", "-1h")
        #expect(refused.status != 0)
    }
}
