import Foundation
import JetStream
import NATSTestSupport
import Testing

extension JetStreamInterop {
    /// The emulator reproduces the three faults issue 16 observed in the Go library (HEAD 1424f3a), so that the
    /// store's tests against it show a difference that is the store's and not the emulator's.
    @Suite("asyncjobs emulator has Go asyncjobs' faults")
    struct EmulatorGoFaultTests {
        @Test("the retry stall: four tasks in back-off hold MaxConcurrent 4, and no new task of the queue is delivered")
        func retryStall() async throws {
            try await withInteropServer { _, js, emulator in
                try await emulator.provision(queue: "STALL", maxConcurrent: 4, maxRunTime: "30s")
                let failing = try await emulator.enqueue(queue: "STALL", type: "fails", count: 4)
                let worker = try emulator.startWorker(queue: "STALL", ["--concurrency", "10", "--fail-types", "fails",
                                                                      "--poll-expires", "2s"])
                defer { worker.kill() }
                try await worker.waitUntil("the four failures") { $0.events(named: "handler_end").count == 4 }
                let fresh = try await emulator.enqueue(queue: "STALL", type: "works", count: 20)
                try await Task.sleep(for: .seconds(3))
                let started = worker.events(named: "handler_start").compactMap { $0["id"] as? String }
                #expect(Set(started) == Set(failing), "only the failing tasks ran")
                #expect(Set(started).isDisjoint(with: fresh))
                let consumer = try await js.consumerInfo(stream: "CHORIA_AJ_Q_STALL", name: "WORKERS")
                #expect(consumer.ackPendingCount == 4 && consumer.pendingCount == 20)
            }
        }

        @Test("a SIGKILLed worker's task comes back only after AckWait and ends with one try fewer than handler runs")
        func crashLosesTheTry() async throws {
            try await withInteropServer { _, js, emulator in
                try await emulator.provision(queue: "CRASH", maxRunTime: "2s")
                let id = try #require(try await emulator.enqueue(queue: "CRASH", type: "slow").first)
                let first = try emulator.startWorker(queue: "CRASH", ["--concurrency", "1", "--sleep", "30", "--poll-expires", "1s"])
                try await first.waitUntil("the first run") { !$0.events(named: "handler_start").isEmpty }
                first.kill()
                let killed = ContinuousClock.now
                let crashed = try #require(try await storedTask(id, js))
                #expect(crashed.fields["state"] as? String == "active" && crashed.fields["tries"] as? Int == 0)

                let second = try emulator.startWorker(queue: "CRASH", ["--concurrency", "1", "--exit-after", "1", "--poll-expires", "1s"])
                defer { second.kill() }
                try await second.waitUntil("the redelivered run") { !$0.events(named: "handler_end").isEmpty }
                #expect(ContinuousClock.now - killed >= .milliseconds(1500), "redelivered only when AckWait (2 s) ran out")
                let final = try #require(try await storedTask(id, js))
                #expect(final.fields["state"] as? String == "complete")
                #expect(final.fields["tries"] as? Int == 1, "the handler ran twice, the record says one try")
            }
        }

        @Test("a task whose record was set terminated before any worker took it still runs and ends complete")
        func terminatedStillRuns() async throws {
            try await withInteropServer { _, js, emulator in
                try await emulator.provision(queue: "TERM")
                let id = try #require(try await emulator.enqueue(queue: "TERM", type: "job").first)
                try await emulator.run(["set-state", id, "terminated"])
                #expect(try await storedTask(id, js)?.fields["state"] as? String == "terminated")
                let worker = try emulator.startWorker(queue: "TERM", ["--exit-after", "1", "--poll-expires", "1s"])
                defer { worker.kill() }
                try await worker.waitUntil("the run") { !$0.events(named: "handler_end").isEmpty }
                #expect(try await storedTask(id, js)?.fields["state"] as? String == "complete")
            }
        }
    }
}
