import AsyncJobs
import AsyncJobsJetStream
import Foundation
import JetStream
import Logging
import NATS
import NATSTestSupport
import Testing

extension JetStreamInterop {
    /// Go asyncjobs (the emulator) and this engine sharing one server: each side's tasks are worked by the other
    /// and end in the records asyncjobs would write.
    @Suite("interop with Go asyncjobs, both ways")
    struct InteropBothWaysTests {
        @Test("tasks the emulator enqueues are worked by our pool and end as asyncjobs would write them",
              arguments: [NATSServerBinary.Version.v2_9, .v2_15])
        func emulatorEnqueuesWeWork(version: NATSServerBinary.Version) async throws {
            try await withInteropServer(version) { server, js, emulator in
                try await emulator.provision(queue: "EMAIL", maxConcurrent: 10, maxRunTime: "30s")
                let events = try await EventTap.start(js.client)
                let sent = try await emulator.enqueue(queue: "EMAIL", type: "email:new", payload: #"{"to":"a@b"}"#, count: 3)
                let failing = try #require(try await emulator.enqueue(queue: "EMAIL", type: "email:fail").first)
                let ending = try #require(try await emulator.enqueue(queue: "EMAIL", type: "email:stop").first)

                try await withOurStore(server) { store in
                    var router = Router()
                    try router.register("email:new") { task, _ in
                        #expect(String(decoding: task.payload ?? Data(), as: UTF8.self) == #"{"to":"a@b"}"#)
                        return .string("sent")
                    }
                    try router.register("email:fail") { _, _ in throw SimulatedFailure() }
                    try router.register("email:stop") { _, _ in throw TerminateTaskError("no such mailbox") }
                    try await runPool(store, queue: "EMAIL", router: router) {
                        let sentDone = try await allStored(sent, js, state: "complete")
                        let retried = try await stored(failing, js, state: "retry")
                        let ended = try await stored(ending, js, state: "terminated")
                        return sentDone && retried && ended
                    }
                }
                for id in sent {
                    let record = try #require(try await storedTask(id, js))
                    #expect(record.fields["tries"] as? Int == 1)
                    #expect((record.fields["result"] as? [String: Any])?["payload"] as? String == "sent")
                    #expect(record.raw.contains(#""state":"complete""#))
                    try await eventually("the events of \(id)") { events.states(of: id) == ["new", "active", "complete"] }
                    #expect(events.last(of: id)?["tries"] as? Int == 1 && events.last(of: id)?["queue"] as? String == "EMAIL")
                    #expect(events.last(of: id)?["type"] as? String == "io.choria.asyncjobs.v1.task_state")
                }
                let retried = try #require(try await storedTask(failing, js))
                #expect(retried.fields["tries"] as? Int == 1 && retried.fields["last_err"] as? String == SimulatedFailure().description)
                let terminated = try #require(try await storedTask(ending, js))
                #expect(terminated.fields["tries"] as? Int == 1)
                #expect((terminated.fields["last_err"] as? String)?.contains("no such mailbox") == true)
                try await eventually("the retry's and the terminate's events") {
                    events.states(of: failing).last == "retry" && events.states(of: ending).last == "terminated"
                }
                #expect(events.last(of: failing)?["last_error"] as? String == SimulatedFailure().description)
                let workers = try await js.consumerInfo(stream: "CHORIA_AJ_Q_EMAIL", name: "WORKERS")
                #expect(workers.pendingCount == 0, "every item was taken")
            }
        }

        @Test("tasks we enqueue are worked by the emulator's worker", arguments: [NATSServerBinary.Version.v2_9, .v2_15])
        func weEnqueueEmulatorWorks(version: NATSServerBinary.Version) async throws {
            try await withInteropServer(version) { server, js, emulator in
                var ids: [String] = []
                try await withOurStore(server) { store in
                    try await store.createQueue(Queue(name: "OURS", maxConcurrent: 10, maxRunTime: .seconds(30)))
                    for index in 0..<3 {
                        let task = JobTask(type: "email:new", queue: "OURS", payload: Data(#"{"n":\#(index)}"#.utf8))
                        try await store.enqueue([task])
                        ids.append(task.id)
                    }
                }
                let worker = try emulator.startWorker(queue: "OURS", ["--exit-after", "3", "--poll-expires", "1s", "--result", "sent"])
                defer { worker.kill() }
                try await worker.waitUntil("three runs") { $0.events(named: "handler_end").count == 3 }
                for id in ids {
                    let record = try #require(try await storedTask(id, js))
                    #expect(record.fields["state"] as? String == "complete" && record.fields["tries"] as? Int == 1)
                    #expect((record.fields["result"] as? [String: Any])?["payload"] as? String == "sent")
                }
                #expect(Set(worker.events(named: "handler_end").compactMap { $0["id"] as? String }) == Set(ids))
            }
        }

        @Test("the inspector shows a queue and tasks only the emulator touched, their live changes, and their history after a restart")
        func inspectorOnGoOnlyQueue() async throws {
            try await withInteropServer { server, js, emulator in
                try await emulator.provision(queue: "GOONLY", maxConcurrent: 5, maxRunTime: "30s")
                let ids = try await emulator.enqueue(queue: "GOONLY", type: "report", count: 4)
                let failing = try #require(try await emulator.enqueue(queue: "GOONLY", type: "broken").first)
                try await withOurStore(server) { store in
                    #expect(try await store.queues().map(\.name).contains("GOONLY"))
                    let queue = try await store.queue(named: "GOONLY")
                    #expect(queue.maxConcurrent == 5 && queue.maxRunTime == .seconds(30))
                    #expect(try await store.countTasks(TaskFilter(queue: "GOONLY")) == 5)
                    #expect(try await store.summary(queue: "GOONLY").count(.new) == 5)

                    let worker = try emulator.startWorker(queue: "GOONLY", ["--exit-after", "5", "--poll-expires", "1s",
                                                                             "--fail-types", "broken"])
                    defer { worker.kill() }
                    try await eventually("the live states in the inspector") {
                        let summary = try await store.summary(queue: "GOONLY")
                        return summary.count(.complete) == 4 && summary.count(.retry) == 1
                    }
                    #expect(try await store.task(id: failing).lastError == "simulated failure")
                    // The worker writes a record, then its event: let it end on its own (closing its connection
                    // sends what it buffered) rather than kill it with its last events unsent.
                    _ = try await worker.waitForExit(timeout: .seconds(20))
                }
                // No reader runs now: the server keeps the events (the store's event stream captures them).
                let later = try await emulator.enqueue(queue: "GOONLY", type: "report", count: 2)
                let worker = try emulator.startWorker(queue: "GOONLY", ["--exit-after", "2", "--poll-expires", "1s"])
                defer { worker.kill() }
                try await worker.waitUntil("the later runs") { $0.events(named: "handler_end").count == 2 }
                _ = try await worker.waitForExit(timeout: .seconds(20))
                try await withOurStore(server) { reopened in
                    let events = try await reopened.events(after: 0, limit: 1000)
                    // The first tasks were enqueued before any store had provisioned its event stream: their
                    // `new` events went by on core NATS unrecorded, their later ones were kept.
                    for id in ids {
                        #expect(events.filter { $0.taskID == id }.map(\.state) == [.active, .complete],
                                "history of \(id) after the reader restarted")
                    }
                    #expect(events.filter { $0.taskID == failing }.map(\.state) == [.active, .retry])
                    for id in later {
                        #expect(events.filter { $0.taskID == id }.map(\.state) == [.new, .active, .complete],
                                "history of \(id), written while no reader ran")
                    }
                    #expect(try await reopened.task(id: later[0]).state == .complete)
                    #expect(try await reopened.summary(queue: "GOONLY").count(.complete) == 6)
                }
            }
        }
    }
}

struct SimulatedFailure: Error, CustomStringConvertible {
    var description: String { "simulated failure" }
}

/// Opens a JetStreamStore on its own connection to `server`, runs `body`, closes both.
func withOurStore(_ server: NATSServer, _ body: (JetStreamStore) async throws -> Void) async throws {
    let client = try await NATSClient.connect(NATSOptions(servers: [server.url], name: "interop-store"))
    do {
        let store = try await JetStreamStore.open(client: client)
        do {
            try await body(store)
            await store.close()
        } catch {
            await store.close()
            throw error
        }
        await client.close()
    } catch {
        await client.close()
        throw error
    }
}

/// Runs a pool on `queue` until `done` holds (checked every 20 ms, 20 s at most), then stops it.
func runPool(_ store: JetStreamStore, queue: String, router: Router, concurrency: Int = 4,
             until done: () async throws -> Bool) async throws {
    var logger = Logger(label: "interop")
    logger.logLevel = .warning
    let pool = WorkerPool(store: store, queue: queue, router: router, concurrency: concurrency,
                          retryPolicy: IntervalRetryPolicy(intervals: [.seconds(600)], jitter: 0), logger: logger)
    let run = Task { try await pool.run() }
    do {
        try await eventually("the pool's work on \(queue)", done)
    } catch {
        pool.stop()
        _ = try? await run.value
        throw error
    }
    pool.stop()
    try await run.value
}

func stored(_ id: String, _ js: JetStreamContext, state: String) async throws -> Bool {
    try await storedTask(id, js)?.fields["state"] as? String == state
}

func allStored(_ ids: [String], _ js: JetStreamContext, state: String) async throws -> Bool {
    for id in ids where try await !stored(id, js, state: state) { return false }
    return true
}
