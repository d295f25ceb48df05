import AsyncJobs

/// The checks of ``InspectorStore``'s bulk reads and actions: selecting every matching id, and applying an
/// action to many tasks with invalid ones skipped and counted.
extension StoreConformance.Context {
    func bulkActionsSkipAndCount() async throws {
        try await makeQueue()
        try await makeQueue("other")
        try await enqueue(5)
        try await enqueue(1, prefix: "o", queue: "other")
        let running = try await claimOne()  // t1
        try requireEqual(try await store.taskIDs(TaskFilter(queue: "work", limit: 1)), ["t5", "t4", "t3", "t2", "t1"],
                         "taskIDs lists every match newest first, ignoring the limit")
        clock.advance(by: .seconds(10))
        try await store.enqueue([makeTask("late")])
        try requireEqual(try await store.taskIDs(TaskFilter(queue: "work", createdBefore: now - .seconds(5))).count, 5,
                         "createdBefore leaves out younger tasks")

        let terminated = try await store.apply(.terminate, to: ["t2", "t3", "missing"])
        try requireEqual(terminated, BulkOutcome(applied: 2, skipped: 1), "terminate applies to waiting tasks, skips a missing one")
        try requireEqual(try await store.task(id: "t3").state, .terminated, "a waiting task terminates at once")

        let retried = try await store.apply(.retry, to: ["t2", "t3", "t4", "t1"])
        try requireEqual(retried, BulkOutcome(applied: 2, skipped: 2), "retry skips new and active tasks")
        try requireEqual(try await store.task(id: "t2").state, .retry, "a retried task waits to run")
        try requireEqual(try await store.task(id: "t4").state, .new, "a skipped task is unchanged")
        try requireEqual(try await store.summary(queue: "work").count(.retry), 2, "live counts follow a bulk retry")

        try await store.resolve(running, .complete(result: .null))
        let deleted = try await store.apply(.delete, to: ["t1", "o1", "t1"])
        try requireEqual(deleted, BulkOutcome(applied: 2, skipped: 1), "delete skips a task already deleted")
        try requireEqual(try await store.countTasks(TaskFilter()), 5, "deleted tasks are gone")
        try await requireThrows(JobError.taskNotFound("o1"), "a deleted task's history") { try await store.attempts(taskID: "o1") }
        try requireEqual(try await store.apply(.retry, to: []), BulkOutcome(), "an empty batch changes nothing")

        let runner = try await claimOne()
        try requireEqual(try await store.apply(.terminate, to: [runner.task.id]), BulkOutcome(applied: 1, asked: 1),
                         "terminating a running task only asks its worker, and is counted as asked")
        try requireEqual(try await store.task(id: runner.task.id).state, .active, "an asked task runs until its worker stops")
    }
}
