import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting
import Foundation
import Testing

/// Listings merge per-(queue, state) index partitions; they must page exactly like a full sort would.
// Opening a store creates and migrates its file, blocking on the disk: on threads of their own, not the pool's.
@Suite(.ownThread) struct TaskListingTests {
    /// The page a full sort of every task gives: what each listing must equal.
    private func expectedPage(_ all: [JobTask], _ filter: TaskFilter) -> [String] {
        let sorted = all.filter(filter.matches).sorted { ($0.created, $0.id) > ($1.created, $1.id) }
        return Array(sorted.dropFirst(filter.offset).prefix(filter.limit)).map(\.id)
    }

    @Test func mergedPartitionsPageLikeAFullSort() async throws {
        let files = TemporaryStorePath()
        let clock = ManualClock()
        let store = try SQLiteStore(path: files.store, clock: clock)
        var random = SeededRandom(seed: 7)
        for queue in ["q1", "q2", "q3"] { try await store.createQueue(Queue(name: queue)) }
        // Creation times collide on purpose, so the id must break ties.
        let tasks = (0..<90).map { index in
            JobTask(id: "task\(String(index, radix: 36))", type: index % 2 == 0 ? "even" : "odd",
                    queue: ["q1", "q2", "q3"][index % 3],
                    created: clock.now() + .seconds(Int64.random(in: 0..<30, using: &random)))
        }
        try await store.enqueue(tasks)
        for queue in ["q1", "q2", "q3"] {
            for (index, claim) in try await store.claim(queue: queue, upTo: 20, worker: "w").enumerated() {
                let resolutions: [Resolution] = [.complete(result: .null), .terminate(error: "stop"),
                                                 .retry(at: clock.now() + .seconds(9), outcome: .failed, error: "later")]
                try await store.resolve(claim, resolutions[index % 3])
            }
        }
        let all = try await store.tasks(TaskFilter(limit: 1000))
        #expect(all.count == 90)
        let filters = [
            TaskFilter(queue: "q2"), TaskFilter(states: [.retry, .complete]), TaskFilter(queue: "q1", states: [.new]),
            TaskFilter(queue: "q3", states: [.terminated, .new, .retry], type: "odd"), TaskFilter(type: "even"),
            TaskFilter(states: [.new], text: "task1"),
        ]
        for base in filters {
            for (offset, limit) in [(0, 10), (7, 5), (25, 50), (200, 10)] {
                var filter = base
                filter.offset = offset
                filter.limit = limit
                #expect(try await store.tasks(filter).map(\.id) == expectedPage(all, filter), "\(filter)")
                #expect(try await store.countTasks(filter) == all.count(where: filter.matches), "\(filter)")
            }
        }
    }

    @Test func manyPartitionsFallBackToTheCreationIndex() async throws {
        let files = TemporaryStorePath()
        let store = try SQLiteStore(path: files.store)
        let queues = (0..<410).map { "q\($0)" }
        for queue in queues { try await store.createQueue(Queue(name: queue)) }
        let created = Timestamp.now
        try await store.enqueue(queues.enumerated().map { index, queue in
            JobTask(id: "t\(index)", type: "x", queue: queue, created: created + .nanoseconds(Int64(index % 50)))
        })
        let all = try await store.tasks(TaskFilter(limit: 1000))
        let filter = TaskFilter(states: [.new], offset: 3, limit: 20)
        #expect(try await store.tasks(filter).map(\.id) == expectedPage(all, filter))
        #expect(try await store.purgeTasks(queue: nil, states: [.new]) == 410, "purging across every queue")
    }
}
