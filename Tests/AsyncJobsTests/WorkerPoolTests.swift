import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

/// Every wait here is on the pool's own events (store writes, its snapshot, handlers' counters) or on the
/// manual clock, never on wall-clock time; the time limit turns a missed event into a failure, not a hang.
@Suite(.timeLimit(.minutes(1))) struct WorkerPoolTests {
    struct Boom: Error, CustomStringConvertible { var description: String { "smtp unavailable" } }

    @Test func aHandlerResultCompletesTheTask() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let pool = try fixture.pool { try $0.register("email") { task, _ in ["sent": .string(task.id)] } }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "t1", type: "email:new", queue: "work")])
        try await fixture.wait("t1", is: .complete)
        #expect(try await fixture.store.task(id: "t1").result?.payload == ["sent": "t1"])
        #expect(try await fixture.store.attempts(taskID: "t1").map(\.outcome) == [.complete])
        pool.stop()
        try await run.value
    }

    @Test func maxConcurrentHoldsAcrossThreePoolsAndIsReached() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work", maxConcurrent: 5))
        let gate = Gate()
        let meter = ConcurrencyMeter()
        let pools = try (1...3).map { index in
            try fixture.pool(concurrency: 10, name: "pool\(index)") {
                try $0.register("") { _, _ in
                    meter.enter()
                    await gate.wait()
                    meter.leave()
                    return .null
                }
            }
        }
        let runs = pools.map(fixture.start)
        try await fixture.store.enqueue((1...30).map { JobTask(id: "t\($0)", type: "job", queue: "work") })
        try await meter.wait { $0.now == 5 }
        for _ in 0..<200 { await Task.yield() }
        #expect(meter.now == 5)
        #expect(try await fixture.store.summary(queue: "work").active == 5)
        gate.open()
        try await meter.wait { $0.total == 30 && $0.now == 0 }
        for id in (1...30).map({ "t\($0)" }) { try await fixture.wait(id, is: .complete) }
        #expect(meter.peak == 5)
        #expect(meter.total == 30)
        for pool in pools { pool.stop() }
        for run in runs { try await run.value }
    }

    @Test func overrunningMaxRunTimeIsCancelledAndRetried() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work", maxRunTime: .seconds(5)))
        let cancelled = ConcurrencyMeter()
        let clock = fixture.clock
        let pool = try fixture.pool {
            try $0.register("slow") { _, context in
                do { try await clock.sleep(until: context.deadline + .seconds(3600)) } catch { cancelled.enter(); throw error }
                return .null
            }
        }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "t1", type: "slow", queue: "work")])
        try await fixture.wait("t1", is: .active)
        // The attempt's deadline is start + MaxRunTime: reaching it cancels the handler.
        fixture.clock.advance(by: .seconds(5))
        try await fixture.wait("t1", is: .retry)
        let task = try await fixture.store.task(id: "t1")
        #expect(task.lastError?.contains("MaxRunTime") == true)
        #expect(try await fixture.store.attempts(taskID: "t1").first?.outcome == .timeout)
        try await cancelled.wait { $0.total == 1 }
        pool.stop()
        try await run.value
    }

    @Test func taskMaxTriesEndsInExpired() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let pool = try fixture.pool { try $0.register("flaky") { _, _ in throw Boom() } }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "t1", type: "flaky", queue: "work", maxTries: 2)])
        try await fixture.wait("t1", is: .retry)
        try await fixture.advanceToNextAttempt(of: "t1")
        try await fixture.wait("t1", is: .expired)
        let task = try await fixture.store.task(id: "t1")
        #expect(task.tries == 2)
        #expect(task.lastError == "smtp unavailable")
        #expect(try await fixture.store.attempts(taskID: "t1").map(\.outcome) == [.failed, .failed])
        pool.stop()
        try await run.value
    }

    @Test func queueMaxTriesEndsInExpired() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work", maxTries: 3))
        let pool = try fixture.pool { try $0.register("flaky") { _, _ in throw Boom() } }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "t1", type: "flaky", queue: "work", maxTries: 10)])
        for tries in 1...2 {
            try await fixture.wait("t1") { $0.state == .retry && $0.tries == tries }
            try await fixture.advanceToNextAttempt(of: "t1")
        }
        try await fixture.wait("t1", is: .expired)
        #expect(try await fixture.store.task(id: "t1").tries == 3)
        pool.stop()
        try await run.value
    }

    @Test func failuresRetryAtThePolicysExactDelay() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let pool = try fixture.pool(seed: 99, retry: IntervalRetryPolicy.linearTenMinutes) { try $0.register("flaky") { _, _ in throw Boom() } }
        let run = fixture.start(pool)
        let failedAt = fixture.clock.now()
        try await fixture.store.enqueue([JobTask(id: "t1", type: "flaky", queue: "work")])
        try await fixture.wait("t1", is: .retry)
        var replay = SeededRandom(seed: 99)
        let delay = IntervalRetryPolicy.linearTenMinutes.duration(forAttempt: 1, using: &replay)
        #expect(try await fixture.store.upcomingRetries(queue: "work", until: failedAt + .seconds(3600)) == [failedAt + delay])
        #expect(delay >= .milliseconds(63_720) && delay < .milliseconds(134_520))
        pool.stop()
        try await run.value
    }

    @Test(arguments: [false, true])
    func theTerminateErrorEndsRetries(wrapped: Bool) async throws {
        struct Wrapper: WrappingError { var underlyingError: (any Error)? }
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let pool = try fixture.pool {
            try $0.register("bad") { _, _ in
                let error = TerminateTaskError("payload is not an email address")
                if wrapped { throw Wrapper(underlyingError: error) } else { throw error }
            }
        }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "t1", type: "bad", queue: "work")])
        try await fixture.wait("t1", is: .terminated)
        #expect(try await fixture.store.task(id: "t1").lastError == "payload is not an email address")
        #expect(try await fixture.store.attempts(taskID: "t1").map(\.outcome) == [.terminated])
        pool.stop()
        try await run.value
    }

    @Test func operatorTerminateStopsAHandlerThatIgnoresCancellationWithinOneSecond() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let gate = Gate()
        let pool = try fixture.pool {
            try $0.register("stubborn") { _, _ in
                await gate.wait()
                return "finished anyway"
            }
        }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "t1", type: "stubborn", queue: "work")])
        try await fixture.wait("t1", is: .active)
        try await fixture.store.terminate(taskID: "t1")
        // The pool looks for terminate requests every poll interval of its clock: one interval is enough.
        #expect(WorkerPool.terminatePollInterval <= .seconds(1))
        fixture.clock.advance(by: WorkerPool.terminatePollInterval)
        try await fixture.wait("t1", is: .terminated)
        #expect(try await fixture.store.task(id: "t1").lastError == AttemptRules.operatorTerminateError)
        #expect(pool.snapshot.slots.first?.cancelling == true)
        gate.open()
        try await pool.waitForSnapshot { $0.slots.isEmpty }
        #expect(try await fixture.state("t1") == .terminated)
        pool.stop()
        try await run.value
    }

    @Test func aPassedDeadlineExpiresWithoutRunning() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let meter = ConcurrencyMeter()
        let pool = try fixture.pool { try $0.register("") { _, _ in meter.enter(); return .null } }
        try await fixture.store.enqueue([JobTask(id: "t1", type: "x", queue: "work", deadline: fixture.clock.now() + .seconds(1))])
        fixture.clock.advance(by: .seconds(2))
        let run = fixture.start(pool)
        try await fixture.wait("t1", is: .expired)
        #expect(try await fixture.store.task(id: "t1").lastError == AttemptRules.deadlineError)
        #expect(meter.total == 0)
        pool.stop()
        try await run.value
    }

    @Test func aManuallyRetriedExpiredTaskRunsAgain() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let meter = ConcurrencyMeter()
        let pool = try fixture.pool {
            try $0.register("once") { _, _ in
                meter.enter()
                if meter.total == 1 { throw Boom() }
                return "second time lucky"
            }
        }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "t1", type: "once", queue: "work", deadline: fixture.clock.now() + .seconds(1), maxTries: 1)])
        try await fixture.wait("t1", is: .expired)
        fixture.clock.advance(by: .seconds(5))
        try await fixture.store.retry(taskID: "t1")
        try await fixture.wait("t1", is: .complete)
        #expect(try await fixture.store.task(id: "t1").result?.payload == "second time lucky")
        #expect(try await fixture.store.attempts(taskID: "t1").map(\.outcome) == [.failed, .complete])
        pool.stop()
        try await run.value
    }

    @Test func anUnroutedTypeFailsAndRetries() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let pool = try fixture.pool { try $0.register("email") { _, _ in .null } }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "t1", type: "sms", queue: "work")])
        try await fixture.wait("t1", is: .retry)
        #expect(try await fixture.store.task(id: "t1").lastError == "no handler for task type sms")
        pool.stop()
        try await run.value
    }

    @Test func stopDrainsRunningHandlersAndClaimsNothingNew() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let gate = Gate()
        let pool = try fixture.pool { try $0.register("") { _, _ in await gate.wait(); return .null } }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "t1", type: "x", queue: "work")])
        try await fixture.wait("t1", is: .active)
        pool.stop()
        #expect(pool.snapshot.phase == .draining)
        try await fixture.store.enqueue([JobTask(id: "t2", type: "x", queue: "work")])
        for _ in 0..<200 { await Task.yield() }
        #expect(try await fixture.state("t2") == .new)
        gate.open()
        try await run.value
        #expect(try await fixture.state("t1") == .complete)
        #expect(try await fixture.state("t2") == .new)
        #expect(pool.snapshot.phase == .stopped)
    }

    @Test func cancellingRunReleasesRunningWorkAtOnce() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let gate = Gate()
        let pool = try fixture.pool { try $0.register("") { _, _ in await gate.wait(); return .null } }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "t1", type: "x", queue: "work")])
        try await fixture.wait("t1", is: .active)
        run.cancel()
        try await run.value
        let task = try await fixture.store.task(id: "t1")
        #expect(task.state == .retry)
        #expect(task.lastError == "worker shut down before the attempt finished")
        #expect(try await fixture.store.summary(queue: "work").ready == 1)
        gate.open()
    }

    @Test func snapshotShowsRunningSlots() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work", maxRunTime: .seconds(30)))
        let gate = Gate()
        let pool = try fixture.pool(concurrency: 3) { try $0.register("") { _, _ in await gate.wait(); return .null } }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "t1", type: "resize", queue: "work")])
        try await pool.waitForSnapshot { $0.slots.count == 1 }
        let snapshot = pool.snapshot
        #expect(snapshot.concurrency == 3)
        #expect(snapshot.phase == .running)
        #expect(snapshot.slots[0].taskID == "t1")
        #expect(snapshot.slots[0].type == "resize")
        #expect(snapshot.slots[0].deadline == snapshot.slots[0].started + .seconds(30))
        pool.setConcurrency(5)
        #expect(pool.snapshot.concurrency == 5)
        gate.open()
        try await pool.waitForSnapshot { $0.finished[.complete] == 1 }
        pool.stop()
        try await run.value
    }
}
