import AsyncJobs
import AsyncJobsTesting
@testable import AsyncJobsSQLite
import Foundation
import Testing

/// The counters the store maintains instead of counting (per-state counts, a queue's active leases) must
/// always equal what counting the rows would say, whatever sequence of operations ran.
// Opening a store creates and migrates its file, blocking on the disk: on threads of their own, not the pool's.
@Suite(.ownThread) struct MaintainedCountersTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func countersMatchTheRowsAfterRandomWork(seed: UInt64) async throws {
        let files = TemporaryStorePath()
        let clock = ManualClock()
        let store = try SQLiteStore(path: files.store, clock: clock)
        try await store.createQueue(Queue(name: "a", maxConcurrent: 4, maxRunTime: .seconds(10), maxTries: 3))
        try await store.createQueue(Queue(name: "b", maxConcurrent: 2, maxRunTime: .seconds(5), maxAge: .seconds(30),
                                          maxEntries: 12, discardOld: true))
        var random = SeededRandom(seed: seed)
        var claims: [Claim] = []
        var next = 0
        for _ in 0..<600 {
            let queue = Bool.random(using: &random) ? "a" : "b"
            switch Int.random(in: 0..<10, using: &random) {
            case 0, 1:
                let tasks = (0..<Int.random(in: 1...4, using: &random)).map { _ -> JobTask in
                    next += 1
                    let deadline: Timestamp? = Bool.random(using: &random) ? clock.now() + .seconds(20) : nil
                    return JobTask(id: "t\(next)", type: "x", queue: queue, deadline: deadline, maxTries: 2,
                                   created: clock.now())
                }
                try await store.enqueue(tasks)
            case 2, 3:
                claims += try await store.claim(queue: queue, upTo: Int.random(in: 1...3, using: &random), worker: "w")
            case 4...5 where !claims.isEmpty:
                let claim = claims.remove(at: Int.random(in: 0..<claims.count, using: &random))
                let resolutions: [Resolution] = [
                    .complete(result: .null), .retry(at: clock.now() + .seconds(3), outcome: .failed, error: "e"),
                    .expire(outcome: .failed, error: "e"), .terminate(error: "t"),
                ]
                if Int.random(in: 0..<3, using: &random) > 0 {
                    try await store.resolve(claim, resolutions[Int.random(in: 0..<4, using: &random)])
                } else {
                    // The pool's path: several claims resolved in one batch.
                    let more = claims.prefix(Int.random(in: 0...2, using: &random))
                    claims.removeFirst(more.count)
                    _ = try await store.resolve(([claim] + more).map {
                        ClaimResolution($0, resolutions[Int.random(in: 0..<4, using: &random)])
                    })
                }
            case 6:
                clock.advance(by: .seconds(Int64.random(in: 1...8, using: &random)))
            case 7:
                let listed = try await store.tasks(TaskFilter(queue: queue, limit: 100))
                if let task = listed.randomElement(using: &random) {
                    // Every third task into the other queue, which moves its counts across (chosen by id,
                    // so the random sequence, and what it covers, stays as it was).
                    let into: String? = (Int(task.id.dropFirst()) ?? 0) % 3 == 0 ? (queue == "a" ? "b" : "a") : nil
                    if task.state.isRetryable { try await store.retry(taskID: task.id, queue: into) }
                    else if !task.state.isFinal { try await store.terminate(taskID: task.id) }
                }
            case 8:
                if let task = try await store.tasks(TaskFilter(queue: queue, limit: 100)).randomElement(using: &random) {
                    try await store.deleteTask(id: task.id)
                }
            default:
                if Int.random(in: 0..<10, using: &random) == 0 {
                    try await store.purgeQueue(queue)
                } else {
                    try await store.purgeTasks(queue: queue, states: [.expired])
                }
            }
            try await checkCounters(store)
        }
        // The run must have exercised the paths that move counters: rescues, every resolution, expiries.
        let outcomes = try await store.read { session in
            try session.db.query("SELECT DISTINCT outcome FROM attempts") { $0.text(0) }
        }
        let states = try await store.read { session in
            try session.db.query("SELECT DISTINCT state FROM tasks") { $0.text(0) }
        }
        #expect(Set(outcomes).isSuperset(of: ["interrupted", "complete", "failed", "terminated"]), "\(outcomes)")
        #expect(Set(states).isSuperset(of: ["new", "retry", "complete"]), "\(states)")
    }

    /// Compares every maintained figure with a count of the rows.
    private func checkCounters(_ store: SQLiteStore) async throws {
        let mismatches = try await store.read { session in
            try session.db.query("""
                SELECT 'count ' || c.queue || '/' || c.state || ': ' || c.n || ' vs ' ||
                    (SELECT count(*) FROM tasks t WHERE t.queue = c.queue AND t.state = c.state)
                FROM counts c WHERE c.n != (SELECT count(*) FROM tasks t WHERE t.queue = c.queue AND t.state = c.state)
                UNION ALL
                SELECT 'uncounted ' || queue || '/' || state FROM tasks t
                WHERE NOT EXISTS (SELECT 1 FROM counts c WHERE c.queue = t.queue AND c.state = t.state)
                UNION ALL
                SELECT 'active ' || q.name || ': ' || q.active FROM queues q
                WHERE q.active != (SELECT count(*) FROM tasks t WHERE t.queue = q.name AND t.lease_owner IS NOT NULL)
                UNION ALL
                SELECT 'lease of ' || id || ' in state ' || state FROM tasks
                WHERE (state = 'active') != (lease_owner IS NOT NULL)
                UNION ALL
                SELECT 'place in the queue of ' || id || ' in state ' || state FROM tasks
                WHERE (state IN ('new', 'retry', 'active')) != (available_ns IS NOT NULL)
                UNION ALL
                SELECT 'stored running attempt of task ' || task FROM attempts WHERE outcome = 'running'
                """) { $0.text(0) }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        if !mismatches.isEmpty { throw CountersDrifted() }
    }

    private struct CountersDrifted: Error {}
}
