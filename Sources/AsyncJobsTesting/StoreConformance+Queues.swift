import AsyncJobs
import Foundation

extension StoreConformance.Context {
    func queueLifecycle() async throws {
        try await makeQueue("zeta", maxConcurrent: 5)
        try await makeQueue("alpha")
        try await requireThrows(JobError.queueExists("zeta"), "creating a queue twice") {
            try await store.createQueue(Queue(name: "zeta"))
        }
        try await requireThrows(JobError.queueNotFound("nope"), "loading a missing queue") {
            try await store.queue(named: "nope")
        }
        try requireEqual(try await store.queues().map(\.name), ["alpha", "zeta"], "queues sorted by name")
        let updated = try await store.updateQueue("zeta", QueueChanges(maxConcurrent: 7, paused: true))
        try requireEqual(updated.maxConcurrent, 7, "updated max concurrent")
        try requireEqual(try await store.queue(named: "zeta"), updated, "stored settings after update")
        try await requireThrows(JobError.queueNotFound("nope"), "updating a missing queue") {
            try await store.updateQueue("nope", QueueChanges(paused: true))
        }
        try await store.removeQueue("alpha")
        try requireEqual(try await store.queues().map(\.name), ["zeta"], "queues after removal")
    }

    func queueValidation() async throws {
        try await requireThrows(JobError.invalidName(kind: "queue name", name: "bad name"), "queue name with a space") {
            try await store.createQueue(Queue(name: "bad name"))
        }
        for bad in [Queue(name: "q", maxConcurrent: 0), Queue(name: "q", maxTries: 0), Queue(name: "q", maxEntries: -1)] {
            do {
                try await store.createQueue(bad)
                throw ConformanceFailure(message: "accepted invalid queue \(bad)", location: #fileID)
            } catch let error as JobError {
                guard case .invalidSetting = error else { throw error }
            }
        }
        try await makeQueue("q", maxConcurrent: 2)
        do {
            try await store.updateQueue("q", QueueChanges(maxConcurrent: -3))
            throw ConformanceFailure(message: "accepted max concurrent -3", location: #fileID)
        } catch let error as JobError {
            guard case .invalidSetting = error else { throw error }
        }
        try requireEqual(try await store.queue(named: "q").maxConcurrent, 2, "settings unchanged by a refused update")
        try requireEqual(try await store.queues().count, 1, "only the valid queue exists")
    }

    func enqueueAndLoad() async throws {
        try await makeQueue()
        let deadline = now + .seconds(3600) + .nanoseconds(123)
        let task = makeTask("24smZHaWnjuP371iglxeQWK7nOi", payload: #"{"to":"a@b"}"#, deadline: deadline, maxTries: 3)
        try await store.enqueue([task])
        let loaded = try await store.task(id: task.id)
        try requireEqual(loaded.state, .new, "state of a new task")
        try requireEqual(loaded.tries, 0, "tries of a new task")
        try requireEqual(loaded.payload, task.payload, "payload bytes")
        try requireEqual(loaded.deadline, deadline, "deadline to the nanosecond")
        try requireEqual(loaded.created, task.created, "created to the nanosecond")
        try requireEqual(loaded.maxTries, 3, "max tries")
        try requireEqual(loaded.type, "email:new", "type")
        try await requireThrows(JobError.taskNotFound("missing"), "loading a missing task") {
            try await store.task(id: "missing")
        }
        try await requireThrows(JobError.taskExists(task.id), "enqueuing an id twice") {
            try await store.enqueue([task])
        }
    }

    func enqueueIsAllOrNothing() async throws {
        try await makeQueue()
        let good = makeTask("good1")
        try await requireThrows(JobError.taskExists("dup"), "a batch repeating an id") {
            try await store.enqueue([good, makeTask("dup"), makeTask("dup")])
        }
        try await requireThrows(JobError.queueNotFound("elsewhere"), "a batch naming a missing queue") {
            try await store.enqueue([good, makeTask("x1", queue: "elsewhere")])
        }
        try await requireThrows(JobError.invalidName(kind: "task type", name: "bad type"), "a batch with a bad type") {
            try await store.enqueue([good, makeTask("x2", type: "bad type")])
        }
        try requireEqual(try await store.countTasks(TaskFilter()), 0, "tasks written by refused batches")
        try await store.enqueue([good, makeTask("good2")])
        try requireEqual(try await store.countTasks(TaskFilter()), 2, "tasks written by a good batch")
    }

    func defaultQueueOnFirstUse() async throws {
        try await store.enqueue([makeTask("d1", queue: Queue.defaultName)])
        let queue = try await store.queue(named: Queue.defaultName)
        try requireEqual(queue, Queue.defaultQueue, "the implicit DEFAULT queue's settings")
        try requireEqual(try await claimOne(Queue.defaultName).task.id, "d1", "task claimed from DEFAULT")
    }

    func payloadsAndResultsRoundTrip() async throws {
        try await makeQueue()
        let binary = Data([0, 255, 1, 254, 0x80, 0x7F])
        try await store.enqueue([JobTask(id: "bin", type: "blob", queue: "work", payload: binary, created: now),
                                 JobTask(id: "empty", type: "blob", queue: "work", payload: nil, created: now + .nanoseconds(1))])
        try requireEqual(try await store.task(id: "bin").payload, binary, "binary payload")
        try requireEqual(try await store.task(id: "empty").payload, nil, "absent payload")
        let result: JSONValue = ["ok": true, "n": 3, "list": ["a", 1.5, nil], "nested": ["k": "v"]]
        let claims = try await store.claim(queue: "work", upTo: 2, worker: "w1")
        for claim in claims {
            try requireEqual(try await store.resolve(claim, .complete(result: result)), .applied(.complete), "completing \(claim.task.id)")
        }
        let done = try await store.task(id: "bin")
        try requireEqual(done.result?.payload, result, "result JSON")
        try requireEqual(done.result?.completed, now, "completion time")
        try requireEqual(done.lastError, nil, "last error after success")
    }
}
