import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import JetStream
import NATS
import NATSTestSupport
import Testing

/// The three faults the Go library shows (issue 16), each absent here, at store level against real servers.
@Suite("JetStream store: asyncjobs' faults are absent", .serialized)
struct JetStreamStoreFaultTests {
    /// asyncjobs NAKs a failed task with a delay, which keeps its item in WORKERS' pending set against
    /// MaxAckPending (nats-server #6093): four tasks in back-off block a MaxConcurrent 4 queue. Here a retry
    /// acknowledges its item and waits in the run record, so new work flows.
    @Test(arguments: bothServerVersions)
    func retriesInBackOffDoNotStallTheQueue(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let store = try await openStore(accountURL(server, 0), clock: clock)
            let js = JetStreamContext(client: store.client)
            try await store.createQueue(Queue(name: "work", maxConcurrent: 4, maxRunTime: .seconds(60)))
            try await store.enqueue((1...4).map { JobTask(id: "fail\($0)", type: "t", queue: "work", created: clock.now()) })
            let failing = try await store.claim(queue: "work", upTo: 4, worker: "w")
            #expect(failing.count == 4)
            for claim in failing {
                try await store.resolve(claim, .retry(at: clock.now() + .seconds(600), outcome: .failed, error: "down"))
            }
            #expect(try await js.consumerInfo(stream: "CHORIA_AJ_Q_work", name: "WORKERS").ackPendingCount == 0,
                    "no slot is held by the tasks in back-off")
            let started = ContinuousClock.now
            try await store.enqueue((1...20).map { JobTask(id: "new\($0)", type: "t", queue: "work", created: clock.now()) })
            var completed = 0
            while completed < 20, ContinuousClock.now - started < .seconds(60) {
                for claim in try await store.claim(queue: "work", upTo: 4, worker: "w") {
                    #expect(claim.task.id.hasPrefix("new"), "the failing tasks wait for their time")
                    try await store.resolve(claim, .complete(result: .null))
                    completed += 1
                }
            }
            let elapsed = ContinuousClock.now - started
            #expect(completed == 20)
            // asyncjobs completes none of them for as long as the four back-offs last (10 minutes); here they
            // take ~0.2 s on an idle machine, and the bound leaves room for a loaded one.
            #expect(elapsed < .seconds(30), "20 new tasks complete within seconds, took \(elapsed)")
            print("stall check on \(version): 20 new tasks completed in \(elapsed) beside 4 in a 10-minute back-off")
            #expect(try await store.summary(queue: "work").scheduled == 4)
            clock.advance(by: .seconds(600))
            #expect(try await store.claim(queue: "work", upTo: 4, worker: "w").map(\.task.id).sorted()
                    == ["fail1", "fail2", "fail3", "fail4"], "the retries run once due")
            await closeStore(store)
        }
    }

    /// What ajtop shows attached to Go workers: slots held by Go workers' delayed retries (a `-NAK {"delay"}`
    /// keeps the item pending) apart from this engine's leases and the tasks Go workers run.
    @Test(arguments: bothServerVersions)
    func slotsHeldByGoWorkersDelayedRetriesAreToldApart(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let store = try await openStore(accountURL(server, 0), clock: clock)
            let js = JetStreamContext(client: store.client)
            try await store.createQueue(Queue(name: "work", maxConcurrent: 4, maxRunTime: .seconds(60)))
            try await store.enqueue((1...3).map { JobTask(id: "t\($0)", type: "t", queue: "work", created: clock.now() + .nanoseconds($0)) })
            // A Go worker takes t1 and t2: t1 fails and is NAKed with a 10-minute delay, t2 runs (`active`).
            let pulled = try await js.fetch(stream: "CHORIA_AJ_Q_work", consumer: "WORKERS", batch: 2, noWait: true)
            #expect(pulled.count == 2)
            try await pulled[0].acknowledge(.nak(delay: .seconds(600)))
            let t2 = try #require(try await js.lastMessage(stream: "CHORIA_AJ_TASKS", subject: "CHORIA_AJ.T.t2"))
            var running = try await store.task(id: "t2")
            running.state = .active
            try await js.publish("CHORIA_AJ.T.t2", payload: Array(running.wireJSON),
                                 options: PublishOptions(expectedLastSubjectSequence: t2.sequence))
            try await waitUntil { try await store.task(id: "t2").state == .active }
            // This engine leases t3.
            #expect(try await store.claim(queue: "work", upTo: 4, worker: "w").map(\.task.id) == ["t3"])
            let slots = try await store.slots(queue: "work")
            #expect(slots == QueueSlots(limit: 4, held: 3, leased: 1, runningElsewhere: 1, waiting: 0))
            #expect(slots.delayedRetries == 1, "the Go worker's delayed retry holds a slot no handler runs")
            #expect(try await store.summary(queue: "work").active == 2, "running: ours and the Go worker's")
            await closeStore(store)
        }
    }

    /// asyncjobs counts the try only after the handler ran and redelivers a killed worker's task after AckWait
    /// (MaxRunTime): the task ran twice and ended with `tries: 1`. Here the `active` write already counts the
    /// try, and another process's rescue makes the task runnable as soon as the lease runs out.
    @Test(arguments: bothServerVersions)
    func aCrashedWorkersTaskKeepsItsTryAndRunsAgainAfterTheLease(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let crashed = try await openStore(accountURL(server, 0), clock: clock)
            try await crashed.createQueue(Queue(name: "work", maxRunTime: .seconds(3600)))
            try await crashed.enqueue([JobTask(id: "t1", type: "t", queue: "work", created: clock.now())])
            _ = try await crashed.claim(queue: "work", upTo: 1, worker: "killed", leaseWindow: .seconds(3))
            let js = JetStreamContext(client: crashed.client)
            let record = try #require(try await js.lastMessage(stream: "CHORIA_AJ_TASKS", subject: "CHORIA_AJ.T.t1"))
            #expect(String(decoding: record.payload, as: UTF8.self).contains(#""tries":1"#), "counted before the handler runs")
            await closeStore(crashed)  // the worker's process dies holding the item: no resolve, no renewal

            let survivor = try await openStore(accountURL(server, 0), clock: clock)
            #expect(try await survivor.claim(queue: "work", upTo: 1, worker: "w2").isEmpty, "not before the lease ends")
            clock.advance(by: .seconds(3))
            let started = ContinuousClock.now
            let again = try #require(try await survivor.claim(queue: "work", upTo: 1, worker: "w2").first,
                                     "runnable again at once, not after AckWait = MaxRunTime (1 h)")
            #expect(ContinuousClock.now - started < .seconds(2))
            #expect(again.task.tries == 2)
            try await survivor.resolve(again, .complete(result: "ok"))
            #expect(try await survivor.task(id: "t1").tries == 2, "the final record counts both runs")
            #expect(try await survivor.attempts(taskID: "t1").map(\.outcome) == [.interrupted, .complete])
            await closeStore(survivor)
        }
    }

    /// Go workers do not check for `terminated`: a task whose record says so but whose item is still queued is
    /// run. Here a terminate removes the item first, claims never run a terminated record, and a Go worker's
    /// later write to a task terminated under it fails its compare-and-set.
    @Test(arguments: bothServerVersions)
    func aTerminatedTaskNeverRuns(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let store = try await openStore(accountURL(server, 0), clock: clock)
            let js = JetStreamContext(client: store.client)
            try await store.createQueue(Queue(name: "work", maxRunTime: .seconds(60)))
            try await store.createQueue(Queue(name: "other", maxRunTime: .seconds(60)))
            try await store.enqueue([JobTask(id: "t1", type: "t", queue: "work", created: clock.now()),
                                     JobTask(id: "t2", type: "t", queue: "other", created: clock.now()),
                                     JobTask(id: "t3", type: "t", queue: "work", created: clock.now())])

            // Our terminate of a waiting task: its item is gone, so no Go worker can be handed it.
            try await store.terminate(taskID: "t1")
            #expect(try await js.lastMessage(stream: "CHORIA_AJ_Q_work", subject: "CHORIA_AJ.Q.work.t1") == nil)

            // A record set `terminated` by another tool, item still queued: never run, the item settled.
            let t2 = try #require(try await js.lastMessage(stream: "CHORIA_AJ_TASKS", subject: "CHORIA_AJ.T.t2"))
            var terminated = try await store.task(id: "t2")
            terminated.state = .terminated
            try await js.publish("CHORIA_AJ.T.t2", payload: Array(terminated.wireJSON),
                                 options: PublishOptions(expectedLastSubjectSequence: t2.sequence))
            try await waitUntil { try await store.task(id: "t2").state == .terminated }
            #expect(try await store.claim(queue: "other", upTo: 10, worker: "w").isEmpty, "a terminated record is not run")
            // Acknowledgements are applied by the consumer asynchronously.
            try await waitUntil { try await js.streamInfo("CHORIA_AJ_Q_other").state.messages == 0 }

            // t3 runs in a "Go worker": it pulls the item and writes `active` itself.
            let pulled = try await js.fetch(stream: "CHORIA_AJ_Q_work", consumer: "WORKERS", batch: 1, noWait: true)
            let t3Item = try #require(pulled.first)
            #expect(String(decoding: t3Item.payload, as: UTF8.self).contains("t3"), "t1's item is gone, so t3 is next")
            let t3 = try #require(try await js.lastMessage(stream: "CHORIA_AJ_TASKS", subject: "CHORIA_AJ.T.t3"))
            var running = try await store.task(id: "t3")
            running.state = .active
            let activeAck = try await js.publish("CHORIA_AJ.T.t3", payload: Array(running.wireJSON),
                                                 options: PublishOptions(expectedLastSubjectSequence: t3.sequence))
            try await waitUntil { try await store.task(id: "t3").state == .active }
            try await store.terminate(taskID: "t3")
            #expect(try await store.task(id: "t3").state == .terminated, "a Go worker's task ends at once")
            running.state = .complete
            running.tries = 1
            await #expect(throws: JetStreamError.self, "the Go worker's later write fails its compare-and-set") {
                try await js.publish("CHORIA_AJ.T.t3", payload: Array(running.wireJSON),
                                     options: PublishOptions(expectedLastSubjectSequence: activeAck.sequence))
            }
            try? t3Item.ack(.ack)

            clock.advance(by: .seconds(3600))
            #expect(try await store.claim(queue: "work", upTo: 10, worker: "w").isEmpty, "nothing terminated runs")
            #expect(try await store.claim(queue: "other", upTo: 10, worker: "w").isEmpty)
            for id in ["t1", "t2", "t3"] { #expect(try await store.task(id: id).state == .terminated, "\(id)") }
            try await waitUntil { try await js.streamInfo("CHORIA_AJ_Q_work").state.messages == 0 }
            await closeStore(store)
        }
    }
}

/// Polls `condition` (a cross-process change reaches the mirror through its watch) for up to 2 s.
func waitUntil(_ condition: () async throws -> Bool) async throws {
    let started = ContinuousClock.now
    while try await !condition() {
        guard ContinuousClock.now - started < .seconds(2) else {
            Issue.record("condition not met within 2 s")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
