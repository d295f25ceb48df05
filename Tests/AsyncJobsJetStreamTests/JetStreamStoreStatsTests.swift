import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import NATSTestSupport
import Testing

/// The per-minute history in `AJTOP_STATS` across processes: deltas of several stores summed by any reader,
/// a closing store's pending rows written, a removed queue's history gone.
@Suite("JetStream store per-minute history", .serialized)
struct JetStreamStoreStatsTests {
    @Test(arguments: bothServerVersions)
    func deltasOfEveryProcessAreSummed(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let one = try await openStore(accountURL(server, 0), clock: clock)
            let two = try await openStore(accountURL(server, 0), clock: clock)
            try await one.createQueue(Queue(name: "work"))
            try await one.enqueue((1...3).map { JobTask(id: "t\($0)", type: "email", queue: "work", created: clock.now()) })
            clock.advance(by: .seconds(2))
            for claim in try await one.claim(queue: "work", upTo: 2, worker: "a") {
                _ = try await one.resolve(claim, .complete(result: .null))
            }
            try await waitUntil { (try? await two.task(id: "t3").state) == .new }
            let last = try #require(try await two.claim(queue: "work", upTo: 1, worker: "b").first)
            clock.advance(by: .seconds(1))
            _ = try await two.resolve(last, .complete(result: .null))
            // `two` has not flushed (its interval is 5 s of wall time); closing it writes its rows.
            await closeStore(two)
            let from = MinuteStats.minute(containing: clock.now())
            let rows = try await one.minuteStats(queue: "work", from: from, to: from + .seconds(60))
            let totals = MinuteStats.totals(rows)
            #expect(rows.count == 1, "one row: one queue, type and minute, summed over both processes' deltas")
            #expect([totals.completed, totals.wait.count, totals.run.count] == [3, 3, 3])

            try await one.removeQueue("work")
            let left = try await one.minuteStats(queue: nil, from: Timestamp(nanoseconds: 0), to: from + .seconds(3_600))
            #expect(left.isEmpty, "a removed queue's history goes with it")
            await closeStore(one)
        }
    }
}
