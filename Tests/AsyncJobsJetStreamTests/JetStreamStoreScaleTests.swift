import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import NATSTestSupport
import Testing

/// Reads at scale: a fresh process's first full summary and later reads with many tasks stored. Runs only
/// with `AJ_JS_SCALE=<tasks>` (100000 for the issue's figure), because filling the store takes a while.
@Suite("JetStream store at scale", .serialized)
struct JetStreamStoreScaleTests {
    static var count: Int? { ProcessInfo.processInfo.environment["AJ_JS_SCALE"].flatMap(Int.init) }

    @Test(.enabled(if: count != nil))
    func aFreshProcessReadsManyTasksQuickly() async throws {
        let count = try #require(Self.count)
        try await withAccountsServer(.v2_15, accounts: 1) { server in
            let clock = SystemClock()
            let writer = try await openStore(accountURL(server, 0), clock: clock)
            try await writer.createQueue(Queue(name: "work"))
            let started = ContinuousClock.now
            let base = clock.now()
            for batch in stride(from: 0, to: count, by: 1000) {
                let tasks = (batch..<min(batch + 1000, count)).map {
                    JobTask(id: "t\($0)", type: "email:new", queue: "work", payload: Data(#"{"to":"a@b"}"#.utf8),
                            created: base + .nanoseconds(Int64($0)))
                }
                try await writer.enqueue(tasks)
            }
            let enqueueTime = ContinuousClock.now - started
            var done = 0
            let workStarted = ContinuousClock.now
            while done < min(count, 5000) {
                let claims = try await writer.claim(queue: "work", upTo: 100, worker: "w")
                _ = try await writer.resolve(claims.map { ClaimResolution($0, .complete(result: .null)) })
                done += claims.count
            }
            let workTime = ContinuousClock.now - workStarted
            await closeStore(writer)

            let opening = ContinuousClock.now
            let reader = try await openStore(accountURL(server, 0), clock: clock)
            let summaries = try await reader.summaries()
            let firstSummary = ContinuousClock.now - opening
            #expect(summaries.first?.total == count)
            var later: [Duration] = []
            for _ in 0..<5 {
                let read = ContinuousClock.now
                _ = try await reader.summaries()
                _ = try await reader.tasks(TaskFilter(limit: 50))
                _ = try await reader.countTasks(TaskFilter(states: [.new]))
                later.append(ContinuousClock.now - read)
            }
            print("""
                JetStream store at \(count) tasks: enqueue \(Int(Double(count) / enqueueTime.seconds))/s, \
                claim+complete \(Int(Double(done) / workTime.seconds))/s, fresh open to first summary \(firstSummary), \
                later summaries+page+count \(later.max()!)
                """)
            await closeStore(reader)
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
