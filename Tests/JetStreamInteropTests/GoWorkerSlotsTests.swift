import AsyncJobs
import AsyncJobsJetStream
import Foundation
import NATSTestSupport
import Testing

extension JetStreamInterop {
    /// What ajtop needs to show a deployment of Go workers: the queue's MaxConcurrent slots split into those
    /// held by running handlers and those parked by delayed retries (Go's `-NAK {"delay"}` keeps the item
    /// pending, nats-server #6093).
    @Suite("slots of a queue that Go workers serve")
    struct GoWorkerSlotsTests {
        @Test("delayed retries of Go workers are told apart from their running handlers")
        func delayedRetriesApartFromRunning() async throws {
            try await withInteropServer { server, _, emulator in
                try await emulator.provision(queue: "GOSLOTS", maxConcurrent: 6, maxRunTime: "60s")
                _ = try await emulator.enqueue(queue: "GOSLOTS", type: "fails", count: 3)
                let worker = try emulator.startWorker(queue: "GOSLOTS", ["--concurrency", "6", "--fail-types", "fails",
                                                                        "--poll-expires", "1s"])
                defer { worker.kill() }
                try await worker.waitUntil("three failures") { $0.events(named: "handler_end").count == 3 }
                // Its NAKs keep the three items pending (ten minutes of back-off) after it is gone.
                worker.kill()
                _ = try await emulator.enqueue(queue: "GOSLOTS", type: "slow", count: 2)
                let slow = try emulator.startWorker(queue: "GOSLOTS", ["--concurrency", "2", "--sleep", "30", "--poll-expires", "1s"])
                defer { slow.kill() }
                try await withOurStore(server) { store in
                    try await slow.waitUntil("two slow runs") { $0.events(named: "handler_start").count == 2 }
                    try await eventually("two Go handlers running and three retries parked") {
                        let slots = try await store.slots(queue: "GOSLOTS")
                        return slots.held == 5 && slots.runningElsewhere == 2 && slots.delayedRetries == 3
                    }
                    let slots = try await store.slots(queue: "GOSLOTS")
                    print("slots of GOSLOTS: \(slots)")
                    #expect(slots.limit == 6 && slots.leased == 0 && slots.waiting == 0)
                }
            }
        }
    }
}
