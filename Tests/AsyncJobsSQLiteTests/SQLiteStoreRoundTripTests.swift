import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting
import Foundation
import Testing

/// Values the shared suite does not reach: SQLite storage classes at their edges, and settings read
/// through a second connection.
// Opening a store creates and migrates its file, blocking on the disk: on threads of their own, not the pool's.
@Suite(.ownThread) struct SQLiteStoreRoundTripTests {
    @Test func payloadEdgesSurviveTheStore() async throws {
        let files = TemporaryStorePath()
        let store = try SQLiteStore(path: files.store)
        try await store.createQueue(Queue(name: "q"))
        let payloads: [String: Data?] = [
            "empty": Data(), "absent": nil, "nul-bytes": Data([0, 0, 1, 0]),
            "unicode": Data("grüße 🚀 \u{0}".utf8), "large": Data((0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
        ]
        let deadline = Timestamp(nanoseconds: 4_102_444_800_123_456_789)
        try await store.enqueue(payloads.map { JobTask(id: $0.key, type: "x", queue: "q", payload: $0.value, deadline: deadline) })
        for (id, payload) in payloads {
            let task = try await store.task(id: id)
            #expect(task.payload == payload, "payload of \(id)")
            #expect(task.deadline == deadline, "deadline of \(id), to the nanosecond")
        }
        let info = try await store.info()
        #expect(info.kind == "sqlite")
        #expect(info.location == files.store)
        #expect((info.sizeBytes ?? 0) > 1_048_576, "the file holds the large payload")
        #expect(info.counts[.new] == payloads.count)
    }

    @Test func settingsChangedByAnotherConnectionApplyToTheNextClaim() async throws {
        let files = TemporaryStorePath()
        let operatorStore = try SQLiteStore(path: files.store)
        let worker = try SQLiteStore(path: files.store)
        try await operatorStore.createQueue(Queue(name: "q", maxConcurrent: 1))
        try await operatorStore.enqueue((1...5).map { JobTask(id: "t\($0)", type: "x", queue: "q") })
        #expect(try await worker.claim(queue: "q", upTo: 5, worker: "w").count == 1)
        try await operatorStore.updateQueue("q", QueueChanges(maxConcurrent: 3))
        #expect(try await worker.claim(queue: "q", upTo: 5, worker: "w").count == 2, "the raised limit applies at once")
        try await operatorStore.updateQueue("q", QueueChanges(paused: true))
        try await operatorStore.updateQueue("q", QueueChanges(maxConcurrent: 5))
        #expect(try await worker.claim(queue: "q", upTo: 5, worker: "w").isEmpty, "a pause applies at once")
        #expect(try await worker.summary(queue: "q").active == 3)
    }
}

/// A claim's work is bounded, so one caller never holds the write lock for long.
@Suite struct BoundedClaimTests {
    @Test func aBacklogOfStaleWorkExpiresOverSeveralClaims() async throws {
        let files = TemporaryStorePath()
        let clock = ManualClock()
        let store = try SQLiteStore(path: files.store, clock: clock)
        try await store.createQueue(Queue(name: "q"))
        let deadline = clock.now() + .seconds(1)
        try await store.enqueue((0..<1500).map { JobTask(id: "stale\($0)", type: "x", queue: "q", deadline: deadline) })
        clock.advance(by: .seconds(2))
        try await store.enqueue([JobTask(id: "fresh", type: "x", queue: "q", created: clock.now())])
        let before = try await store.changeToken()
        #expect(try await store.claim(queue: "q", upTo: 1, worker: "w").isEmpty, "the first claim only expires")
        #expect(try await store.changeToken() != before, "its writes wake the caller to come back")
        #expect(try await store.countTasks(TaskFilter(queue: "q", states: [.expired])) == 1000)
        #expect(try await store.claim(queue: "q", upTo: 1, worker: "w").map(\.task.id) == ["fresh"])
        #expect(try await store.countTasks(TaskFilter(queue: "q", states: [.expired])) == 1500)
    }
}
