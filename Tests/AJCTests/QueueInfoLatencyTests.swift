import Foundation
import Testing

/// `ajc queue info Q [--json]`'s history: wait and run percentiles over the last 5 minutes and hour, per
/// queue and per task type, and the 7-day totals, from a real worker process on a real store.
@Suite struct QueueInfoLatencyTests {
    @Test func percentilesAndTotalsFollowTheWorkDone() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        try await ajc.ok("queue", "add", "Idle")
        for n in 1...3 { try await ajc.ok("task", "add", "slow", "{}", "-q", "W", "--id", "s\(n)") }
        try await ajc.ok("task", "add", "bad", "{}", "-q", "W", "--id", "b1")
        let script = ajc.folder.appendingPathComponent("handler.sh")
        try Data("""
            #!/bin/sh
            case "$AJ_TASK_TYPE" in
              slow) sleep 0.3; echo '{}' ;;
              bad) echo "no luck" >&2; exit 1 ;;
            esac
            """.utf8).write(to: script)
        let worker = try ajc.start(["task", "process", "", "W", "4", "sh \(script.path)"])
        for n in 1...3 { try await ajc.waitForTask("s\(n)", "complete") { $0["state"] as? String == "complete" } }
        try await ajc.waitForTask("b1", "retry") { $0["state"] as? String == "retry" }
        worker.signal(SIGTERM)
        _ = try await worker.finish()

        let info = try await ajc.run(["queue", "info", "W", "--json"]).json() as? [String: Any] ?? [:]
        #expect(info["name"] as? String == "W", "the settings and live figures are still there")
        let five = info["last_5m"] as? [String: Any] ?? [:]
        #expect(five["completed"] as? Int == 3 && five["retried"] as? Int == 1 && five["failed"] as? Int == 0, "\(info)")
        for key in ["wait_p50_ms", "wait_p95_ms", "wait_p99_ms", "run_p50_ms", "run_p95_ms", "run_p99_ms"] {
            #expect(five[key] is Double, "\(key) in \(five)")
        }
        // Three of the four attempts slept 0.3 s: the median run is at least that, less the histogram's 5 %.
        #expect((five["run_p50_ms"] as? Double ?? 0) >= 285, "\(five)")
        #expect((five["run_p50_ms"] as? Double ?? .infinity) < 10_000, "\(five)")
        let hour = info["last_1h"] as? [String: Any] ?? [:]
        #expect(hour["completed"] as? Int == 3)
        let byType = info["by_type"] as? [String: [String: [String: Any]]] ?? [:]
        #expect(Set(byType.keys) == ["slow", "bad"], "\(info)")
        #expect(byType["slow"]?["last_5m"]?["completed"] as? Int == 3)
        #expect(byType["bad"]?["last_1h"]?["retried"] as? Int == 1)
        #expect(byType["bad"]?["last_5m"]?["run_p99_ms"] is Double && byType["bad"]?["last_5m"]?["completed"] as? Int == 0,
                "the failed attempt is timed in its own type")
        let week = info["last_7d"] as? [String: Any] ?? [:]
        #expect([week["completed"], week["failed"], week["retried"]].map { $0 as? Int } == [3, 0, 1], "\(info)")
        #expect(week["run_p50_ms"] is Double, "\(week)")

        let idle = try await ajc.run(["queue", "info", "Idle", "--json"]).json() as? [String: Any] ?? [:]
        let idleWindow = idle["last_5m"] as? [String: Any] ?? [:]
        #expect(idleWindow["wait_p95_ms"] is NSNull && idleWindow["run_p50_ms"] is NSNull, "no sample is null: \(idle)")
        #expect((idle["by_type"] as? [String: Any])?.isEmpty == true)

        let text = try await ajc.ok("queue", "info", "W")
        #expect(text.contains("Last 7 days   3 completed, 0 failed, 1 retried"), "\(text)")
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("LATENCY") }, "\(text)")
        #expect(lines[header].contains("WAIT P95") && lines[header].contains("RUN P99"), "\(text)")
        #expect(lines[header + 1].hasPrefix("(all types)") && lines[header + 1].contains(" 5m "), "\(text)")
        #expect(lines.contains { $0.hasPrefix("slow") }, "one section per type: \(text)")
        #expect(!(try await ajc.ok("queue", "info", "Idle")).contains("slow"), "types are the queue's own")
    }
}
