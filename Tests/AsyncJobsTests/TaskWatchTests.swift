import AsyncJobs
import Foundation
import Testing

@Suite struct TaskWatchTests {
    let event = TaskEvent(sequence: 7, at: Timestamp(nanoseconds: 1_767_225_600_000_000_000), taskID: "t1",
                          queue: "Q", type: "email", state: .retry, tries: 2, error: "smtp timeout")

    @Test func lineIsAsyncjobsStyleInLocalTime() {
        let line = TaskWatch.line(for: event)
        #expect(line.hasSuffix("] t1: queue: Q type: email tries: 2 state: retry error: smtp timeout"))
        #expect(line.range(of: #"^\[\d\d:\d\d:\d\d\] "#, options: .regularExpression) != nil)
    }

    @Test func jsonLineCarriesEveryField() throws {
        let object = try JSONValue(json: Data(TaskStateChangeEvent(event).jsonLine.utf8))
        #expect(object == [
            "sequence": 7, "type": "io.choria.asyncjobs.v1.task_state", "timestamp": "2026-01-01T00:00:00Z",
            "task_id": "t1", "queue": "Q", "task_type": "email", "state": "retry", "tries": 2,
            "last_error": "smtp timeout",
        ])
    }

    @Test func followDeliversNewMatchingEventsInOrderUntilCancelled() async throws {
        let store = MemoryStore()
        try await store.createQueue(Queue(name: "A"))
        try await store.createQueue(Queue(name: "B"))
        try await store.enqueue([JobTask(id: "before", type: "t", queue: "A")])
        let (ready, readySignal) = AsyncStream<Void>.makeStream()
        let (events, sink) = AsyncStream<TaskEvent>.makeStream()
        let watch = TaskWatch(store: store, queue: "A")
        let follower = Task {
            try await watch.follow(ready: { readySignal.yield() }) { sink.yield($0) }
            sink.finish()
        }
        for await _ in ready { break }
        try await store.enqueue([JobTask(id: "other", type: "t", queue: "B")])
        try await store.enqueue([JobTask(id: "a1", type: "t", queue: "A"), JobTask(id: "a2", type: "t", queue: "A")])
        try await store.terminate(taskID: "a1")
        var seen: [String] = []
        for await event in events {
            seen.append("\(event.taskID):\(event.state.rawValue)")
            if seen.count == 3 { break }
        }
        #expect(seen == ["a1:new", "a2:new", "a1:terminated"])
        follower.cancel()
        try await follower.value
    }

    @Test func followCanNarrowToOneTask() async throws {
        let store = MemoryStore()
        let (ready, readySignal) = AsyncStream<Void>.makeStream()
        let (events, sink) = AsyncStream<TaskEvent>.makeStream()
        let follower = Task {
            try await TaskWatch(store: store, taskID: "mine").follow(ready: { readySignal.yield() }) { sink.yield($0) }
        }
        for await _ in ready { break }
        try await store.enqueue([JobTask(id: "theirs", type: "t"), JobTask(id: "mine", type: "t")])
        try await store.terminate(taskID: "theirs")
        try await store.terminate(taskID: "mine")
        var seen: [String] = []
        for await event in events {
            seen.append("\(event.taskID):\(event.state.rawValue)")
            if seen.count == 2 { break }
        }
        #expect(seen == ["mine:new", "mine:terminated"])
        follower.cancel()
        try await follower.value
    }
}
