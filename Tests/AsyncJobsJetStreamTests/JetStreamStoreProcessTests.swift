import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import JetStream
import NATS
import NATSTestSupport
import Testing

/// Guarantees across processes: two stores on one account, each with its own connection and mirror, as two
/// programs on two hosts would have.
@Suite("JetStream store across processes", .serialized)
struct JetStreamStoreProcessTests {
    @Test(arguments: bothServerVersions)
    func changesReachTheOtherProcessAndWakeItsWaiters(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let one = try await openStore(accountURL(server, 0), clock: clock)
            let two = try await openStore(accountURL(server, 0), clock: clock)
            try await one.createQueue(Queue(name: "work"))
            try await waitUntil { (try? await two.queue(named: "work")) != nil }
            let token = try await two.changeToken()
            let waiter = Task { try await two.awaitChange(since: token, deadline: clock.now() + .seconds(30)) }
            let started = ContinuousClock.now
            try await one.enqueue([JobTask(id: "t1", type: "t", queue: "work", created: clock.now())])
            #expect(try await waiter.value != token)
            let woke = ContinuousClock.now - started
            // Milliseconds alone; a clean CI run's full suite measured 1.27 s. A waiter the change did not wake
            // would sleep to its 30 s deadline.
            #expect(woke < .seconds(3), "the other process's waiter wakes within milliseconds, took \(woke)")
            try await waitUntil { (try? await two.task(id: "t1").state) == .new }
            #expect(try await two.summary(queue: "work").ready == 1)
            await closeStore(one)
            await closeStore(two)
        }
    }

    @Test(arguments: bothServerVersions)
    func maxConcurrentAndTerminateHoldAcrossProcesses(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let one = try await openStore(accountURL(server, 0), clock: clock)
            let two = try await openStore(accountURL(server, 0), clock: clock)
            try await one.createQueue(Queue(name: "work", maxConcurrent: 3))
            try await one.enqueue((1...10).map { JobTask(id: "t\($0)", type: "t", queue: "work", created: clock.now() + .nanoseconds($0)) })
            try await waitUntil { (try? await two.queue(named: "work")) != nil }
            let first = try await one.claim(queue: "work", upTo: 2, worker: "a")
            let second = try await two.claim(queue: "work", upTo: 10, worker: "b")
            #expect(first.count + second.count == 3, "MaxConcurrent across both: \(first.count) + \(second.count)")
            #expect(try await two.claim(queue: "work", upTo: 10, worker: "b").isEmpty)
            #expect(Set(first.map(\.task.id)).isDisjoint(with: second.map(\.task.id)), "no task goes to two workers")

            // An operator's terminate in one process reaches the worker in the other.
            let target = try #require(first.first)
            try await waitUntil { (try? await two.lease(taskID: target.task.id)) != nil }
            let asked = ContinuousClock.now
            try await two.terminate(taskID: target.task.id)
            while try await one.terminateRequests(worker: "a").isEmpty, ContinuousClock.now - asked < .seconds(2) {
                try await Task.sleep(for: .milliseconds(5))
            }
            let seen = ContinuousClock.now - asked
            #expect(try await one.terminateRequests(worker: "a") == [target.task.id])
            #expect(seen < .seconds(1), "terminate seen by the other process within 1 s, took \(seen)")
            print("terminate across processes on \(version): seen after \(seen)")
            #expect(try await one.resolve(target, .complete(result: .null)) == .terminatedByOperator)
            try await waitUntil { (try? await two.task(id: target.task.id).state) == .terminated }
            await closeStore(one)
            await closeStore(two)
        }
    }

    @Test(arguments: bothServerVersions)
    func aRescueInOneProcessFencesTheOther(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let slow = try await openStore(accountURL(server, 0), clock: clock)
            let fast = try await openStore(accountURL(server, 0), clock: clock)
            try await slow.createQueue(Queue(name: "work", maxRunTime: .seconds(60)))
            try await slow.enqueue([JobTask(id: "t1", type: "t", queue: "work", created: clock.now())])
            let stale = try #require(try await slow.claim(queue: "work", upTo: 1, worker: "slow", leaseWindow: .seconds(3)).first)
            try await waitUntil { (try? await fast.lease(taskID: "t1")) != nil }
            clock.advance(by: .seconds(3))
            let fresh = try #require(try await fast.claim(queue: "work", upTo: 1, worker: "fast").first)
            #expect(fresh.attempt == 2)
            // The slow process has not seen the rescue yet or has: either way its result is fenced.
            #expect(try await slow.resolve(stale, .complete(result: "late")) == .leaseLost)
            #expect(try await fast.resolve(fresh, .complete(result: "ok")) == .applied(.complete))
            try await waitUntil { (try? await slow.task(id: "t1").result?.payload) == "ok" }
            await closeStore(slow)
            await closeStore(fast)
        }
    }

    @Test(arguments: bothServerVersions)
    func aTaskAnotherProgramDeletesGoesFromTheMirror(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let store = try await openStore(accountURL(server, 0), clock: clock)
            let js = JetStreamContext(client: store.client)
            try await store.createQueue(Queue(name: "work"))
            try await store.enqueue([JobTask(id: "kept", type: "t", queue: "work", created: clock.now()),
                                     JobTask(id: "gone", type: "t", queue: "work", created: clock.now())])
            // `ajc task rm`: the record's message deleted by sequence, which no watch delivers.
            let record = try #require(try await js.lastMessage(stream: "CHORIA_AJ_TASKS", subject: "CHORIA_AJ.T.gone"))
            try await js.deleteMessage(stream: "CHORIA_AJ_TASKS", sequence: record.sequence)
            try await store.rescueExpiredLeases()
            await #expect(throws: JobError.taskNotFound("gone")) { try await store.task(id: "gone") }
            #expect(try await store.task(id: "kept").state == .new)
            #expect(try await store.countTasks(TaskFilter()) == 1)
            await closeStore(store)
        }
    }

    /// Pausing reaches Go workers through the `WORKERS` consumer's pause (nats-server 2.11+); on 2.9 a store
    /// that demands it refuses with the version it needs, and one that does not pauses this engine's workers.
    @Test(arguments: bothServerVersions)
    func pausingGoWorkersNeedsTwoEleven(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let strict = try await openStore(accountURL(server, 0), clock: clock, options: JetStreamStoreOptions(requireConsumerPause: true))
            let js = JetStreamContext(client: strict.client)
            try await strict.createQueue(Queue(name: "work"))
            try await strict.enqueue([JobTask(id: "t1", type: "t", queue: "work", created: clock.now())])
            if version == .v2_9 {
                await #expect(throws: JobError.invalidSetting("pausing queue work for Go workers needs nats-server ≥ 2.11.0 (this one is 2.9.10)")) {
                    try await strict.updateQueue("work", QueueChanges(paused: true))
                }
                #expect(try await strict.queue(named: "work").paused == false, "a refused pause changes nothing")
                let lenient = try await openStore(accountURL(server, 0), clock: clock)
                try await lenient.updateQueue("work", QueueChanges(paused: true))
                #expect(try await lenient.claim(queue: "work", upTo: 1, worker: "w").isEmpty, "this engine's workers pause")
                await closeStore(lenient)
            } else {
                try await strict.updateQueue("work", QueueChanges(paused: true))
                let goWorker = try await js.fetch(stream: "CHORIA_AJ_Q_work", consumer: "WORKERS", batch: 1, expires: .milliseconds(300))
                #expect(goWorker.isEmpty, "a Go worker pulling from WORKERS gets nothing while paused")
                try await strict.updateQueue("work", QueueChanges(maxConcurrent: 5))
                #expect(try await js.fetch(stream: "CHORIA_AJ_Q_work", consumer: "WORKERS", batch: 1, expires: .milliseconds(300)).isEmpty,
                        "a live configure keeps the pause")
                try await strict.updateQueue("work", QueueChanges(paused: false))
                #expect(try await strict.claim(queue: "work", upTo: 1, worker: "w").count == 1, "resumed")
            }
            await closeStore(strict)
        }
    }

    /// Two programs whose first enqueues both name the DEFAULT queue before it exists both succeed: the one
    /// that loses the race to record the queue binds the other's record instead of failing the enqueue.
    @Test func twoFirstEnqueuesToDefaultBothSucceed() async throws {
        let rounds = 8
        try await withAccountsServer(.v2_15, accounts: rounds) { server in
            for round in 0..<rounds {
                let clock = ManualClock()
                let one = try await openStore(accountURL(server, round), clock: clock)
                let two = try await openStore(accountURL(server, round), clock: clock)
                async let first: Void = one.enqueue([JobTask(id: "a\(round)", type: "t", created: clock.now())])
                async let second: Void = two.enqueue([JobTask(id: "b\(round)", type: "t", created: clock.now())])
                do {
                    _ = try await (first, second)
                } catch {
                    Issue.record("round \(round): \(error)")
                }
                try await waitUntil { (try? await one.summary(queue: Queue.defaultName).total) == 2 }
                await closeStore(one)
                await closeStore(two)
            }
        }
    }
}
