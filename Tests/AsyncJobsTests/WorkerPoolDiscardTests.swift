import AsyncJobs
import AsyncJobsTesting
import Testing

/// asyncjobs' `DiscardTaskStates`: a pool deletes the tasks its attempts end in the chosen final states.
@Suite(.timeLimit(.minutes(1))) struct WorkerPoolDiscardTests {
    struct Boom: Error, CustomStringConvertible { var description: String { "smtp unavailable" } }

    @Test func completedTasksAreDeletedAndOtherFinalStatesKept() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work", maxTries: 1))
        let pool = try fixture.pool(discarding: try DiscardStates([.complete])) {
            try $0.register("ok") { _, _ in "done" }
            try $0.register("fail") { _, _ in throw Boom() }
        }
        let run = fixture.start(pool)
        let start = try await fixture.store.latestEventSequence()
        try await fixture.store.enqueue([JobTask(id: "good", type: "ok", queue: "work"),
                                         JobTask(id: "bad", type: "fail", queue: "work")])
        try await fixture.waitUntilDeleted("good")
        try await fixture.wait("bad", is: .expired)
        #expect(try await fixture.store.task(id: "bad").lastError == "smtp unavailable")
        let events = try await fixture.store.events(after: start, limit: 100)
        #expect(events.filter { $0.taskID == "good" }.map(\.state) == [.new, .active, .complete],
                "the discarded task's life is still in the event log")
        pool.stop()
        try await run.value
    }

    @Test func onlyFinalStatesAsyncjobsAllowsCanBeDiscarded() throws {
        #expect(throws: JobError.invalidSetting("only complete, expired and terminated tasks can be discarded, not new, retry")) {
            try DiscardStates([.complete, .retry, .new])
        }
        #expect(try DiscardStates([.complete, .expired, .terminated]).states == DiscardStates.allowed)
    }
}
