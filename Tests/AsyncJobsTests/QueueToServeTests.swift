import AsyncJobs
import Testing

@Suite struct QueueToServeTests {
    @Test func theDefaultQueueIsMadeRealOnce() async throws {
        let store = MemoryStore()
        #expect(try await store.queueToServe(named: Queue.defaultName) == .defaultQueue)
        #expect(try await store.queues() == [.defaultQueue])
        try await store.updateQueue(Queue.defaultName, QueueChanges(maxConcurrent: 3))
        #expect(try await store.queueToServe(named: Queue.defaultName).maxConcurrent == 3, "an existing DEFAULT is kept")
    }

    @Test func anotherQueueMustExist() async throws {
        let store = MemoryStore()
        await #expect(throws: JobError.queueNotFound("emails")) { try await store.queueToServe(named: "emails") }
        #expect(try await store.queues().isEmpty, "nothing is created for a missing queue")
        try await store.createQueue(Queue(name: "emails", maxConcurrent: 2))
        #expect(try await store.queueToServe(named: "emails").maxConcurrent == 2)
    }
}
