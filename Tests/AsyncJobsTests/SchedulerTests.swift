import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

/// The scheduler's election and fires on a manual clock: rounds are run by hand, so a "killed" scheduler
/// is one whose rounds stop, and every figure is exact.
@Suite struct SchedulerTests {
    let clock = ManualClock()
    let store: MemoryStore

    init() { store = MemoryStore(clock: clock) }

    func schedule(_ text: String, missed: MissedFirePolicy = .catchUp, created: Timestamp? = nil) -> ScheduledTask {
        ScheduledTask(name: "tick", schedule: text, taskType: "tick", payload: Data("p".utf8), missedFires: missed,
                      createdAt: created ?? clock.now())
    }

    /// The creation times of the tasks made, oldest first.
    func fires() async throws -> [Timestamp] {
        try await store.tasks(TaskFilter(limit: 100_000)).map(\.created).sorted()
    }

    @Test func threeSchedulersWithTheLeaderKilledMakeEachFireOnceWithNoGapLongerThanTheLease() async throws {
        try await store.createSchedule(schedule("@every 1s"))
        let ttl = Duration.seconds(3)
        let schedulers = (1...3).map { Scheduler(store: store, candidate: "s\($0)", leaseTTL: ttl, clock: clock) }
        var alive = schedulers
        var killed: Scheduler?
        for step in 1...240 {  // 60 s in 250 ms steps
            clock.advance(by: .milliseconds(250))
            for scheduler in alive { await scheduler.round() }
            if step == 80, killed == nil {  // at 20 s, the leader dies mid-run
                killed = try #require(alive.first { $0.isLeader })
                alive.removeAll { $0 === killed }
            }
        }
        let leaders = alive.filter(\.isLeader)
        #expect(leaders.count == 1)
        let times = try await fires()
        let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
        // One task per fire: each id carries its fire's second, and no two share one.
        let slots = try await store.tasks(TaskFilter(limit: 100_000)).compactMap { KSUID.timestamp(of: $0.id) }
        #expect(slots.count == times.count && Set(slots).count == slots.count, "\(slots)")
        // The lease (3 s) bounds the hand-over: no time without fires, beyond the 1 s interval, longer than
        // the lease and one 250 ms step of this test's clock.
        let longest = try #require(gaps.max())
        #expect(longest - .seconds(1) <= ttl + .milliseconds(250), "longest gap \(longest)")
        #expect(longest > .seconds(1), "the kill shows as one longer gap")
        #expect(times.count >= 55 && times.count <= 60, "\(times.count) fires in 60 s")
        // The dead leader's lease was taken over by another scheduler.
        #expect(try await store.leadership(election: Scheduler.election)?.leader != killed?.candidate)
        let state = try await store.schedule(named: "tick")
        #expect(state.lastTaskID == ScheduledTask.taskID(name: "tick", slot: try #require(state.lastFire)))
    }

    @Test func aFrozenLeaderThatWakesMakesNoSecondTask() async throws {
        try await store.createSchedule(schedule("@every 1s"))
        let frozen = Scheduler(store: store, candidate: "frozen", leaseTTL: .seconds(2), clock: clock)
        let other = Scheduler(store: store, candidate: "other", leaseTTL: .seconds(2), clock: clock)
        clock.advance(by: .seconds(1))
        await frozen.round()
        #expect(frozen.isLeader)
        for _ in 0..<20 {
            clock.advance(by: .milliseconds(250))
            await other.round()
        }
        #expect(other.isLeader)
        let before = try await store.countTasks(TaskFilter())
        await frozen.round()  // wakes: learns it lost, makes nothing
        #expect(!frozen.isLeader)
        #expect(try await store.countTasks(TaskFilter()) == before)
    }

    @Test(arguments: [MissedFirePolicy.catchUp, .skip])
    func firesMissedWithNoLeaderFollowThePolicy(policy: MissedFirePolicy) async throws {
        try await store.createSchedule(schedule("*/5 * * * *", missed: policy))
        let scheduler = Scheduler(store: store, candidate: "s1", clock: clock)
        // The clock starts at midnight: nobody ran until 1:02:30, so 12 fires were due, the last 150 s ago.
        clock.advance(by: .seconds(3750))
        await scheduler.round()
        let state = try await store.schedule(named: "tick")
        let tasks = try await store.countTasks(TaskFilter())
        switch policy {
        case .catchUp:
            #expect(tasks == 1)
            #expect(state.skippedFires == 11)
        case .skip:
            #expect(tasks == 0)
            #expect(state.skippedFires == 12)
        }
        // Back on schedule: the next fire (1:05) runs, on time.
        clock.advance(by: .seconds(151))
        await scheduler.round()
        #expect(try await store.countTasks(TaskFilter()) == tasks + 1)
        #expect(try await store.schedule(named: "tick").skippedFires == state.skippedFires)
    }

    @Test func firePlansCountFromTheLastFire() throws {
        let created = Timestamp(nanoseconds: 1_764_590_400_000_000_000)  // 2025-12-01T12:00:00Z
        var schedule = ScheduledTask(name: "n", schedule: "@hourly", taskType: "t", createdAt: created)
        let cron = try schedule.cron
        #expect(FirePlan.plan(for: schedule, cron: cron, now: created + .seconds(3599)) == nil)
        #expect(FirePlan.plan(for: schedule, cron: cron, now: created + .seconds(3601))
                == FirePlan(slot: created + .seconds(3600), runs: true, skipped: 0))
        schedule.lastFire = created + .seconds(3600)
        #expect(FirePlan.plan(for: schedule, cron: cron, now: created + .seconds(3 * 3600 + 1))
                == FirePlan(slot: created + .seconds(3 * 3600), runs: true, skipped: 1))
        schedule.missedFires = .skip
        #expect(FirePlan.plan(for: schedule, cron: cron, now: created + .seconds(3 * 3600 + 10))
                == FirePlan(slot: created + .seconds(3 * 3600), runs: false, skipped: 2))
    }

    @Test func fireIDsAreTheSameEverywhereAndDifferPerSlot() {
        let slot = Timestamp(nanoseconds: 1_764_590_400_000_000_000)
        let id = ScheduledTask.taskID(name: "n", slot: slot)
        #expect(id == ScheduledTask.taskID(name: "n", slot: slot))
        #expect(id != ScheduledTask.taskID(name: "n", slot: slot + .seconds(1)))
        #expect(id != ScheduledTask.taskID(name: "m", slot: slot))
        #expect(KSUID.timestamp(of: id) == slot)
    }
}
