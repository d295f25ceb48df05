import Foundation
import Testing

/// `ajc queue errors Q [--json]`: failed tasks grouped by their normalised error text, through the binary
/// and a real worker process whose failures vary in their numbers and addresses.
@Suite struct QueueErrorsCommandTests {
    @Test func failuresOfOneCauseGroupAcrossTheirVaryingParts() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        #expect(try await ajc.ok("queue", "errors", "W") == "No failed tasks in W\n")
        // The payload is the failure's varying part: a number, or the last octet of an address.
        let tasks = [("t1", "timeout", "3"), ("t2", "timeout", "9"), ("t3", "timeout", "17"), ("c1", "refused", "7"),
                     ("c2", "refused", "8"), ("ok1", "fine", "0")]
        for (id, type, value) in tasks { try await ajc.ok("task", "add", type, value, "-q", "W", "--id", id) }
        let script = ajc.folder.appendingPathComponent("handler.sh")
        try Data("""
            #!/bin/sh
            n=$(cat "$AJ_TASK_FILE" | sed 's/.*"payload":"\\([^"]*\\)".*/\\1/' | base64 -d)
            case "$AJ_TASK_TYPE" in
              timeout) echo "timed out after ${n}s (request 1${n})" >&2; exit 1 ;;
              refused) echo "dial tcp 10.0.0.${n}:5432: connection refused" >&2; exit 1 ;;
              fine) echo '{}' ;;
            esac
            """.utf8).write(to: script)
        let worker = try ajc.start(["task", "process", "", "W", "2", "sh \(script.path)"])
        for (id, type, _) in tasks {
            let state = type == "fine" ? "complete" : "retry"
            try await ajc.waitForTask(id, state) { $0["state"] as? String == state }
        }
        worker.signal(SIGTERM)
        _ = try await worker.finish()

        let text = try await ajc.ok("queue", "errors", "W")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(text)")
        #expect(lines.first?.hasPrefix("COUNT") == true && lines.first?.hasSuffix("ERROR") == true, "\(text)")
        #expect(lines[1].hasPrefix("    3 ") && lines[1].hasSuffix("timed out after <duration> (request <n>)"), "\(text)")
        #expect(lines[2].hasPrefix("    2 ") && lines[2].hasSuffix("dial tcp <addr>: connection refused"), "\(text)")
        #expect(lines[3] == "2 error groups over 5 failed tasks", "\(text)")

        let groups = try await ajc.run(["queue", "errors", "W", "--json"]).json() as? [[String: Any]] ?? []
        #expect(groups.map { $0["count"] as? Int } == [3, 2])
        #expect(groups.first?["error"] as? String == "timed out after <duration> (request <n>)")
        #expect((groups.first?["example"] as? String)?.hasPrefix("timed out after ") == true)
        #expect((groups.first?["states"] as? [String: Int])?["retry"] == 3)
        #expect(groups.last?["types"] as? [String: Int] == ["refused": 2])
        #expect(groups.allSatisfy { $0["first_seen"] is String && $0["last_seen"] is String })

        let missing = try await ajc("queue", "errors", "nope")
        #expect(missing.status == 1 && missing.stderr.contains("queue nope not found"), "\(missing)")
    }
}
