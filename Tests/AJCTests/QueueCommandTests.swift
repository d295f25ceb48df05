import Foundation
import Testing

/// `ajc queue …` through the binary, every flag.
@Suite struct QueueCommandTests {
    func queueJSON(_ ajc: AJCProcess, _ name: String) async throws -> [String: Any] {
        let text = try await ajc.ok("queue", "info", name, "--json")
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    @Test func addTakesEverySettingAndInfoShowsThem() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let out = try await ajc.ok("queue", "add", "EMAIL", "--concurrent", "5", "--run-time", "1m30s",
                                   "--tries", "7", "--max-age", "2h", "--entries", "1000", "--discard-old")
        #expect(out == "Created queue EMAIL\n")
        let queue = try await queueJSON(ajc, "EMAIL")
        #expect(queue["name"] as? String == "EMAIL")
        #expect(queue["max_concurrent"] as? Int == 5)
        #expect(queue["max_runtime"] as? Int == 90_000_000_000)
        #expect(queue["max_tries"] as? Int == 7)
        #expect(queue["max_age"] as? Int == 7_200_000_000_000)
        #expect(queue["max_entries"] as? Int == 1000)
        #expect(queue["discard_old"] as? Bool == true)
        #expect(queue["paused"] as? Bool == false)
        #expect(queue["active"] as? Int == 0)
        let counts = try #require(queue["counts"] as? [String: Int])
        #expect(counts.count == 9 && counts["new"] == 0 && counts["complete"] == 0)

        let text = try await ajc.ok("queue", "info", "EMAIL")
        #expect(text.contains("Active        0 of max concurrent 5"), "\(text)")
        // Go's duration format: 1m30s, the line ending right after it (not 1m30s0s).
        #expect(text.contains("Max run time  1m30s\n"), "\(text)")
        #expect(text.contains("Max age       2h0m0s"), "\(text)")
        #expect(text.contains("discarding the oldest when full"), "\(text)")
        #expect(text.contains("oldest waiting: none waiting"), "\(text)")
    }

    @Test func addUsesAsyncjobsDefaults() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "PLAIN")
        let queue = try await queueJSON(ajc, "PLAIN")
        #expect(queue["max_concurrent"] as? Int == 100)
        #expect(queue["max_runtime"] as? Int == 3_600_000_000_000)
        #expect(queue["max_tries"] as? Int == -1)
        #expect(queue["max_age"] as? Int == 0)
        #expect(queue["max_entries"] as? Int == 0)
        #expect(queue["discard_old"] as? Bool == false)
    }

    @Test func lsListsEveryQueueWithLiveCountsAsTableAndJSON() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        #expect(try await ajc.ok("queue", "ls", "--json") == "[]\n")
        try await ajc.ok("queue", "add", "A-QUEUE-WITH-A-VERY-LONG-NAME-THAT-WOULD-NOT-FIT-IN-ANY-TABLE", "--concurrent", "3")
        try await ajc.ok("queue", "add", "B")
        try await ajc.ok("task", "add", "t", "-q", "B")
        try await ajc.ok("task", "add", "t", "-q", "B")
        try await ajc.ok("queue", "pause", "B")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(try await ajc.ok("queue", "ls", "--json").utf8)) as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == ["A-QUEUE-WITH-A-VERY-LONG-NAME-THAT-WOULD-NOT-FIT-IN-ANY-TABLE", "B"])
        #expect((list[1]["counts"] as? [String: Int])?["new"] == 2)
        #expect(list[1]["ready"] as? Int == 2)
        #expect(list[1]["paused"] as? Bool == true)
        #expect(list[1]["oldest_ready"] is String)

        let table = try await ajc.ok("queue", "ls")
        let lines = table.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(table)")
        #expect(lines[0].hasPrefix("QUEUE"))
        #expect(lines[1].contains("…") && lines[1].contains("0/3"))
        #expect(lines[2].hasPrefix("B ") && lines[2].contains("paused") && lines[2].contains("0/100"))
    }

    @Test func configureChangesSettingsLive() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "Q", "--discard-old")
        try await ajc.ok("queue", "configure", "Q", "--concurrent", "20", "--run-time", "2m", "--tries", "-1",
                         "--max-age", "3m", "--entries", "10", "--no-discard-old")
        var queue = try await queueJSON(ajc, "Q")
        #expect(queue["max_concurrent"] as? Int == 20)
        #expect(queue["max_runtime"] as? Int == 120_000_000_000)
        #expect(queue["max_tries"] as? Int == -1)
        #expect(queue["max_age"] as? Int == 180_000_000_000)
        #expect(queue["max_entries"] as? Int == 10)
        #expect(queue["discard_old"] as? Bool == false)
        try await ajc.ok("queue", "configure", "Q", "--tries", "3", "--discard-old")
        queue = try await queueJSON(ajc, "Q")
        #expect(queue["max_tries"] as? Int == 3 && queue["discard_old"] as? Bool == true)
        #expect(queue["max_concurrent"] as? Int == 20)
    }

    @Test func configureRejectsOutOfRangeSettingsAndChangesNothing() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "Q")
        let before = try await ajc.dump()
        let result = try await ajc("queue", "configure", "Q", "--concurrent", "0")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == "ajc: max concurrent must be at least 1, got 0\n")
        #expect(try await ajc.dump() == before)
    }

    @Test(arguments: [
        (["queue", "add", "Q", "--concurrent", "-1"], "max concurrent must be at least 1, got -1"),
        (["queue", "add", "Q", "--entries", "-1"], "max entries must be 0 (unlimited) or more, got -1"),
        (["queue", "add", "Q", "--run-time", "-5s"], "run time must be at least 1s, got -5s"),
        (["queue", "add", "Q", "--max-age", "-1h"], "max age must be 0 (keep waiting tasks forever) or at least 2m0s, got -1h0m0s"),
        (["task", "add", "t", "--tries", "-2"], "max tries must be 0 (no limit) or more, got -2"),
    ])
    func negativeValuesAreNamedNotMissing(arguments: [String], message: String) async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        let result = try await ajc.run(arguments)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == "ajc: \(message)\n", "\(result)")
        #expect(try await ajc.ok("queue", "ls", "--json") == "[]\n")
    }

    @Test func theLongestGoDurationIsAcceptedExactly() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "LONG", "--run-time", "2562047h")
        #expect(try await queueJSON(ajc, "LONG")["max_runtime"] as? Int == 9_223_369_200_000_000_000)
    }

    @Test func pauseAndResume() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "Q")
        #expect(try await ajc.ok("queue", "pause", "Q") == "Paused queue Q\n")
        #expect(try await queueJSON(ajc, "Q")["paused"] as? Bool == true)
        #expect(try await ajc.ok("queue", "info", "Q").contains("(paused"))
        #expect(try await ajc.ok("queue", "resume", "Q") == "Resumed queue Q\n")
        #expect(try await queueJSON(ajc, "Q")["paused"] as? Bool == false)
    }

    @Test func purgeWithForceDeletesOnlyWaitingTasks() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "Q")
        try await ajc.ok("task", "add", "t", "-q", "Q", "--id", "keep")
        try await ajc.ok("task", "terminate", "keep")
        try await ajc.ok("task", "add", "t", "-q", "Q")
        try await ajc.ok("task", "add", "t", "-q", "Q")
        #expect(try await ajc.ok("queue", "purge", "Q", "-f") == "Purged 2 waiting tasks from queue Q\n")
        let left = try await ajc.ok("task", "ls", "-q", "Q", "--json")
        #expect(left.contains("\"keep\"") && left.split(separator: "\n").count == 3)
    }

    @Test func purgeByStateDeletesOnlyThoseStates() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "Q")
        try await ajc.ok("task", "add", "t", "-q", "Q", "--id", "stopped")
        try await ajc.ok("task", "terminate", "stopped")
        try await ajc.ok("task", "add", "t", "-q", "Q", "--id", "waiting")
        #expect(try await ajc.ok("queue", "purge", "Q", "--state", "terminated", "--state", "expired", "-f")
            == "Purged 1 expired/terminated tasks from queue Q\n")
        let left = try await ajc.ok("task", "ls", "-q", "Q", "--json")
        #expect(left.contains("\"waiting\"") && !left.contains("\"stopped\""))
        let active = try await ajc("queue", "purge", "Q", "--state", "active", "-f")
        #expect(active.status == 2 && active.stderr.contains("active tasks cannot be purged"), "\(active)")
    }

    @Test func rmWithForceRemovesTheQueueAndItsTasks() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "Q")
        try await ajc.ok("task", "add", "t", "-q", "Q", "--id", "gone")
        #expect(try await ajc.ok("queue", "rm", "Q", "--force") == "Removed queue Q\n")
        #expect(try await ajc.ok("queue", "ls", "--json") == "[]\n")
        #expect(try await ajc("task", "view", "gone").status == 1)
    }
}
