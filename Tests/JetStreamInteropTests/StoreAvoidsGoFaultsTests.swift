import AsyncJobs
import AsyncJobsJetStream
import Foundation
import JetStream
import NATSTestSupport
import Testing

extension JetStreamInterop {
    /// The same situations as ``EmulatorGoFaultTests``, with our store on the same server: where the emulator
    /// (Go asyncjobs) stalls or runs a terminated task, the store does not.
    @Suite("the JetStream store does not have Go asyncjobs' faults")
    struct StoreAvoidsGoFaultsTests {
        @Test("no retry stall: MaxConcurrent 4, four tasks in a 10-minute back-off, 20 new tasks complete within seconds")
        func noRetryStall() async throws {
            try await withInteropServer { server, js, _ in
                try await withOurStore(server) { store in
                    try await store.createQueue(Queue(name: "STALL", maxConcurrent: 4, maxRunTime: .seconds(30)))
                    let failing = (0..<4).map { _ in JobTask(type: "fails", queue: "STALL") }
                    try await store.enqueue(failing)
                    var router = Router()
                    try router.register("fails") { _, _ in throw SimulatedFailure() }
                    try router.register("works") { _, _ in .string("ok") }
                    try await runPool(store, queue: "STALL", router: router, concurrency: 10) {
                        try await allStored(failing.map(\.id), js, state: "retry")
                    }
                    let fresh = (0..<20).map { _ in JobTask(type: "works", queue: "STALL") }
                    try await store.enqueue(fresh)
                    let started = ContinuousClock.now
                    try await runPool(store, queue: "STALL", router: router, concurrency: 10) {
                        try await allStored(fresh.map(\.id), js, state: "complete")
                    }
                    let took = ContinuousClock.now - started
                    #expect(took < .seconds(10), "20 tasks took \(took) behind four in back-off")
                    for task in failing { #expect(try await store.task(id: task.id).state == .retry) }
                }
            }
        }

        @Test("a task terminated before any worker took it is never run by the emulator's (Go) worker")
        func terminatedIsNotRunByGo() async throws {
            try await withInteropServer { server, js, emulator in
                try await emulator.provision(queue: "TERM")
                let id = try #require(try await emulator.enqueue(queue: "TERM", type: "job").first)
                let control = try #require(try await emulator.enqueue(queue: "TERM", type: "job").first)
                try await withOurStore(server) { store in
                    let terminated = try await store.terminate(taskID: id)
                    #expect(terminated.state == .terminated)
                }
                let worker = try emulator.startWorker(queue: "TERM", ["--poll-expires", "1s", "--idle-exit", "3"])
                defer { worker.kill() }
                try await worker.waitUntil("the control task's run") { !$0.events(named: "handler_end", task: control).isEmpty }
                _ = try await worker.waitForExit(timeout: .seconds(20))
                #expect(worker.events(named: "handler_start", task: id).isEmpty, "the terminated task was not run")
                #expect(try await stored(id, js, state: "terminated"))
            }
        }
    }
}
