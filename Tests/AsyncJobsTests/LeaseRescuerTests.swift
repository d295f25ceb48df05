import AsyncJobs
import AsyncJobsTesting
import Testing

@Suite struct LeaseRescuerTests {
    /// No worker serves the queue: only the rescuer can finish the terminate of a dead worker's task.
    @Test func aTerminateOfADeadWorkersTaskEndsWithoutAnyClaim() async throws {
        let clock = ManualClock()
        let store = MemoryStore(clock: clock)
        try await store.createQueue(Queue(name: "unserved", maxRunTime: .seconds(3600)))
        try await store.enqueue([JobTask(id: "t1", type: "x", queue: "unserved")])
        _ = try await store.claim(queue: "unserved", upTo: 1, worker: "killed", leaseWindow: .seconds(3))
        try await store.terminate(taskID: "t1")
        let rescuer = Task { await LeaseRescuer(store: store, interval: .seconds(2), clock: clock).run() }
        defer { rescuer.cancel() }
        var waited = Duration.zero
        while try await store.task(id: "t1").state != .terminated, waited < .seconds(10) {
            clock.advance(by: .milliseconds(100))
            waited += .milliseconds(100)
            for _ in 0..<20 { await Task.yield() }
            try await Task.sleep(for: .milliseconds(1))
        }
        #expect(try await store.task(id: "t1").state == .terminated)
        #expect(waited <= .seconds(3) + LeaseRescuer.defaultInterval, "within the window and one round: \(waited)")
        #expect(try await store.attempts(taskID: "t1").map(\.outcome) == [.interrupted])
    }
}
