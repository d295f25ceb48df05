import AsyncJobs
import Foundation
import Testing

@Suite struct AdminJSONTests {
    func object(_ value: some Encodable) throws -> [String: JSONValue] {
        guard case .object(let fields) = try JSONValue(encoding: value) else {
            Issue.record("not an object")
            return [:]
        }
        return fields
    }

    @Test func queueSummaryIsTheSettingsPlusLiveFiguresAndEveryStateCount() throws {
        let summary = QueueSummary(
            queue: Queue(name: "EMAIL", maxConcurrent: 5, maxRunTime: .seconds(30), paused: true),
            counts: [.new: 2, .active: 1], active: 1, ready: 2, scheduled: 0,
            oldestReady: Timestamp(rfc3339: "2026-01-01T00:00:00Z"))
        let fields = try object(summary)
        #expect(fields["name"] == "EMAIL")
        #expect(fields["max_concurrent"] == 5)
        #expect(fields["max_runtime"] == 30_000_000_000)
        #expect(fields["max_tries"] == -1)
        #expect(fields["paused"] == true)
        #expect(fields["active"] == 1)
        #expect(fields["ready"] == 2)
        #expect(fields["oldest_ready"] == "2026-01-01T00:00:00Z")
        guard case .object(let counts)? = fields["counts"] else { Issue.record("no counts"); return }
        #expect(counts.count == TaskState.allCases.count)
        #expect(counts["new"] == 2 && counts["active"] == 1 && counts["complete"] == 0 && counts["queue_error"] == 0)
    }

    @Test func stateCountsListEveryStateByWireName() throws {
        let decoded = try JSONDecoder().decode([String: Int].self, from: JSONEncoder().encode(StateCounts([.complete: 3])))
        #expect(decoded == [
            "new": 0, "active": 0, "retry": 0, "expired": 0, "terminated": 0, "complete": 3, "queue_error": 0,
            "blocked": 0, "unreachable": 0,
        ])
    }

    @Test func storeInfoHasLocationSizeQueuesAndCounts() throws {
        let fields = try object(StoreInfo(kind: "sqlite", location: "/tmp/s.sqlite", sizeBytes: 4096,
                                          counts: [.new: 1], queues: 2))
        #expect(fields["kind"] == "sqlite" && fields["location"] == "/tmp/s.sqlite")
        #expect(fields["size_bytes"] == 4096 && fields["queues"] == 2)
        guard case .object(let counts)? = fields["counts"] else { Issue.record("no counts"); return }
        #expect(counts["new"] == 1 && counts["retry"] == 0)
    }
}
