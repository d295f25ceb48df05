import Foundation
import Testing

/// `ajc task retry|terminate|rm` over selectors instead of an id, through the binary.
@Suite struct BulkTaskCommandTests {
    /// Queue A holds a1…a4 (type x, except a2 of type y), queue B holds b1; all new.
    func populated() async throws -> AJCProcess {
        let ajc = try AJCProcess()
        try await ajc.ok("queue", "add", "A")
        try await ajc.ok("queue", "add", "B")
        for (id, type, queue) in [("a1", "x", "A"), ("a2", "y", "A"), ("a3", "x", "A"), ("a4", "x", "A"), ("b1", "x", "B")] {
            try await ajc.ok("task", "add", type, "-q", queue, "--id", id)
        }
        return ajc
    }

    func state(_ ajc: AJCProcess, _ id: String) async throws -> String? { try await ajc.task(id)["state"] as? String }

    @Test func dryRunCountsAndChangesNothing() async throws {
        let ajc = try await populated()
        defer { ajc.cleanUp() }
        let before = try await ajc.dump()
        let out = try await ajc.ok("task", "terminate", "-q", "A", "--type", "x", "--dry-run")
        #expect(out == "3 tasks match -q A --type x; --dry-run: nothing was changed\n")
        #expect(try await ajc.ok("task", "rm", "--match", "a", "--dry-run").hasPrefix("4 tasks match --match a;"))
        #expect(try await ajc.dump() == before)
    }

    @Test func terminateAndRmNeedForceWithoutATerminal() async throws {
        let ajc = try await populated()
        defer { ajc.cleanUp() }
        let before = try await ajc.dump()
        for command in ["terminate", "rm"] {
            let refused = try await ajc("task", command, "-q", "A")
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("without -f"), "\(refused)")
        }
        #expect(try await ajc.dump() == before)
    }

    @Test func selectorsRetryTerminateAndDeleteEveryMatchSkippingInvalidOnes() async throws {
        let ajc = try await populated()
        defer { ajc.cleanUp() }
        #expect(try await ajc.ok("task", "terminate", "-q", "A", "--type", "x", "-f") == "Terminated 3 tasks\n")
        #expect(try await state(ajc, "a2") == "new")
        let retried = try await ajc.ok("task", "retry", "-q", "A")
        #expect(retried == "Retried 3 tasks, skipped 1 (gone or not in a state to retry)\n")
        #expect(try await state(ajc, "a1") == "retry")
        #expect(try await state(ajc, "a2") == "new")
        #expect(try await ajc.ok("task", "rm", "--state", "new", "-f") == "Deleted 2 tasks\n")
        let left = try await ajc.run(["task", "ls", "--json"]).json() as? [[String: Any]] ?? []
        #expect(left.compactMap { $0["id"] as? String } == ["a4", "a3", "a1"])
        #expect(try await ajc.ok("task", "retry", "--older-than", "1h") == "No tasks match --older-than 1h0m0s\n")
    }

    @Test func anIdAndSelectorsTogetherOrNeitherIsBadUsage() async throws {
        let ajc = try await populated()
        defer { ajc.cleanUp() }
        let both = try await ajc("task", "retry", "a1", "--state", "new")
        #expect(both.status == 2)
        #expect(both.stderr.contains("not both"), "\(both)")
        // -q beside an id means the queue to retry in only for retry; terminate and rm take it as a selector.
        let queueBesideID = try await ajc("task", "terminate", "a1", "-q", "A", "-f")
        #expect(queueBesideID.status == 2)
        #expect(queueBesideID.stderr.contains("not both"), "\(queueBesideID)")
        let neither = try await ajc("task", "terminate", "-f")
        #expect(neither.status == 2)
        #expect(neither.stderr.contains("selectors"), "\(neither)")
    }
}
