import AsyncJobs
import AsyncJobsTesting
@testable import AsyncJobsSQLite
import Foundation
import Testing

/// asyncjobs #27: a store under steady load must stay bounded in size once its queue has a retention,
/// because the maintenance pass deletes final tasks (and old events) as fast as new ones arrive and
/// SQLite reuses the freed pages.
// Opening a store creates and migrates its file, blocking on the disk: on threads of their own, not the pool's.
@Suite(.ownThread) struct RetentionBoundsSizeTests {
    /// 200 rounds of 1,000 tasks, each round two hours after the last on the store's clock: every task is
    /// claimed and completed, then the maintenance pass runs as the store's background pass would. The
    /// retention (1 h) and the event window (24 h) have both reached their steady state well before
    /// 20,000 tasks, so from there on the file must not keep growing.
    @Test func twoHundredThousandTasksStayWithinTwiceTheSizeAfterTwentyThousand() async throws {
        let files = TemporaryStorePath()
        let clock = ManualClock()
        let store = try SQLiteStore(path: files.store, clock: clock)
        try await store.createQueue(Queue(name: "steady", maxConcurrent: 1000, maxRunTime: .seconds(60),
                                          retention: .seconds(3600)))
        let payload = Data(#"{"to":"someone@example.com","subject":"a message of a typical size for a job"}"#.utf8)
        var sizeAfterFirst20k: Int64 = 0
        var largest: Int64 = 0
        for round in 1...200 {
            let tasks = (1...1000).map { n in
                JobTask(id: "r\(round)t\(n)", type: "email:new", queue: "steady", payload: payload, created: clock.now())
            }
            try await store.enqueue(tasks)
            let claims = try await store.claim(queue: "steady", upTo: 1000, worker: "w")
            #expect(claims.count == 1000)
            _ = try await store.resolve(claims.map { ClaimResolution($0, .complete(result: ["sent": true])) })
            clock.advance(by: .seconds(2 * 3600))
            while try await store.pruneFinished(limit: SQLiteStore.pruneBatch) > 0 {}
            let size = Self.fileSize(files.store) + Self.fileSize(files.store + "-wal")
            if round == 20 { sizeAfterFirst20k = size }
            if round > 20 { largest = max(largest, size) }
        }
        #expect(try await store.countTasks(TaskFilter()) == 0, "every task finished over an hour ago was pruned")
        #expect(sizeAfterFirst20k > 0)
        #expect(largest <= 2 * sizeAfterFirst20k,
                "largest size after 20k tasks: \(largest) bytes; after the first 20k: \(sizeAfterFirst20k) bytes")
        print("retention size test: \(sizeAfterFirst20k) bytes after 20k tasks, at most \(largest) bytes up to 200k")
    }

    private static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
    }
}
