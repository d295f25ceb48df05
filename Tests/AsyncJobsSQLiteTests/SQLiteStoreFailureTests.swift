import AsyncJobs
import AsyncJobsTesting
@testable import AsyncJobsSQLite
import Foundation
import Testing

/// A store that fills up, and concurrent writes that fail on their own.
// Opening a store creates and migrates its file, blocking on the disk: on threads of their own, not the pool's.
@Suite(.ownThread) struct SQLiteStoreFailureTests {
    /// Tasks with a 16 KiB payload each, so a few fill a page budget fast.
    private func bulkyTasks(_ prefix: String, count: Int) -> [JobTask] {
        (1...count).map { JobTask(id: "\(prefix)\($0)", type: "blob", queue: "full", payload: Data(repeating: 7, count: 16384)) }
    }

    @Test func fullDiskGivesATypedErrorAndWorkResumesWhenSpaceReturns() async throws {
        let files = TemporaryStorePath()
        let store = try SQLiteStore(path: files.store)
        try await store.createQueue(Queue(name: "full"))
        try await store.enqueue(bulkyTasks("ok", count: 2))
        // Simulate a full disk: the writer may not grow the file beyond a few more pages.
        let pages = try store.writer!.runBlocking { try $0.scalar("PRAGMA page_count") ?? 0 }
        try store.writer!.runBlocking { _ = try $0.execute("PRAGMA max_page_count = \(pages + 3)") }

        do {
            try await store.enqueue(bulkyTasks("big", count: 20))
            Issue.record("enqueue succeeded beyond max_page_count")
        } catch let error as JobError {
            guard case .storage(let message) = error else { throw error }
            #expect(message.contains("full"), "message: \(message)")
        }
        #expect(try await store.countTasks(TaskFilter(queue: "full")) == 2, "the failed batch wrote nothing")
        #expect(try await store.task(id: "ok1").state == .new, "earlier work is intact and readable")

        try store.writer!.runBlocking { _ = try $0.execute("PRAGMA max_page_count = 1073741823") }
        try await store.enqueue(bulkyTasks("big", count: 20))
        #expect(try await store.countTasks(TaskFilter(queue: "full")) == 22, "work resumes when space returns")
        let claims = try await store.claim(queue: "full", upTo: 5, worker: "w")
        #expect(claims.count == 5)
        #expect(try RawDatabase(path: files.store).text("PRAGMA integrity_check") == "ok")
    }

    @Test func concurrentWritesFailOnTheirOwn() async throws {
        let files = TemporaryStorePath()
        let store = try SQLiteStore(path: files.store)
        // 40 writes in flight at once: the writer groups them into few transactions; the duplicates must
        // fail alone without undoing the others.
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<40 {
                group.addTask {
                    do {
                        try await store.createQueue(Queue(name: "q\(index % 20)"))
                        return (index, true)
                    } catch {
                        return (index, error as? JobError == .queueExists("q\(index % 20)") ? false : true)
                    }
                }
            }
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.values.count { $0 } == 20, "one creation per name succeeds")
        #expect(try await store.queues().count == 20)
    }

    @Test func oldEventsArePrunedButSequencesKeepGrowing() async throws {
        let files = TemporaryStorePath()
        let clock = ManualClock()
        let store = try SQLiteStore(path: files.store, clock: clock)
        try await store.createQueue(Queue(name: "q"))
        try await store.enqueue((1...5).map { JobTask(id: "old\($0)", type: "x", queue: "q") })
        clock.advance(by: SQLiteStore.eventRetention + .seconds(1))
        try await store.enqueue([JobTask(id: "new1", type: "x", queue: "q")])
        let latest = try await store.latestEventSequence()
        let cutoff = clock.now() - SQLiteStore.eventRetention
        // The writer's own housekeeping (every 10 s of real time when idle) may have pruned them first on a
        // slow machine, so what is checked is the outcome, not which pass did it.
        _ = try await store.write { try $0.pruneEvents(olderThan: cutoff, limit: 1000) }
        #expect(try await store.events(after: 0, limit: 100).map(\.taskID) == ["new1"])
        #expect(try await store.latestEventSequence() == latest)
        #expect(try await !store.write { try $0.pruneEvents(olderThan: cutoff, limit: 1000) }, "nothing left to prune")
    }
}
