import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import NATSTestSupport
import Testing

/// The engine's ``Scheduler`` on the JetStream store: three schedulers, each on a store of its own (three
/// processes) on one account, electing through `CHORIA_AJ_ELECTIONS`, on a manual clock whose rounds are run
/// by hand, so a "killed" scheduler is one whose rounds stop.
@Suite("JetStream schedulers", .serialized)
struct JetStreamSchedulerTests {
    @Test(arguments: bothServerVersions)
    func threeSchedulersWithTheLeaderKilledMakeEachFireOnce(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            var opened: [JetStreamStore] = []
            for _ in 1...3 { opened.append(try await openStore(accountURL(server, 0), clock: clock)) }
            let stores = opened
            defer { Task { for store in stores { await closeStore(store) } } }
            try await stores[0].createQueue(Queue(name: "work"))
            try await stores[0].createSchedule(ScheduledTask(name: "tick", schedule: "@every 1s", queue: "work", taskType: "tick",
                                                             payload: Data("p".utf8), createdAt: clock.now()))
            let ttl = Duration.seconds(3)
            let schedulers = stores.enumerated().map { index, store in
                Scheduler(store: store, candidate: "s\(index + 1)", leaseTTL: ttl, clock: clock)
            }
            var alive = schedulers
            var killed: Scheduler?
            for step in 1...120 {  // 30 s in 250 ms steps
                clock.advance(by: .milliseconds(250))
                for scheduler in alive { await scheduler.round() }
                if step == 40, killed == nil {  // at 10 s, the leader dies mid-run
                    killed = try #require(alive.first { $0.isLeader })
                    alive.removeAll { $0 === killed }
                }
            }
            #expect(alive.filter(\.isLeader).count == 1)
            let tasks = try await stores[0].tasks(TaskFilter(limit: 10_000))
            // One task per fire: each id carries its fire's second, and no two share one.
            let slots = tasks.compactMap { KSUID.timestamp(of: $0.id) }.sorted()
            #expect(slots.count == tasks.count && Set(slots).count == slots.count, "\(slots)")
            #expect(tasks.allSatisfy { $0.payload == Data("p".utf8) }, "payload bytes, not encoded again")
            // The lease bounds the hand-over: no gap between fires longer than the 1 s interval plus the lease
            // and one 250 ms step.
            let gaps = zip(slots, slots.dropFirst()).map { $1 - $0 }
            let longest = try #require(gaps.max())
            #expect(longest - .seconds(1) <= ttl + .milliseconds(250), "longest gap \(longest)")
            #expect(longest > .seconds(1), "the kill shows as one longer gap")
            #expect(slots.count >= 25 && slots.count <= 30, "\(slots.count) fires in 30 s")
            let leader = try #require(try await stores[1].leadership(election: Scheduler.election))
            #expect(leader.leader != killed?.candidate, "the dead leader's lease was taken over")
            let state = try await stores[2].schedule(named: "tick")
            #expect(state.lastTaskID == ScheduledTask.taskID(name: "tick", slot: try #require(state.lastFire)))
        }
    }
}
