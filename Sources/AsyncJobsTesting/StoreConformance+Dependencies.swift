import AsyncJobs

/// The checks of task dependencies (``AsyncJobs/DependencyRules``), part of the worker's path: a blocked
/// task, its release in the write that completes its last dependency, and the unreachable chain.
extension StoreConformance.Context {
    /// A task with dependencies a task of `dependencies`, created `sequence` ns after now.
    func makeDependent(_ id: String, on dependencies: [String], load: Bool = false, sequence: Int64) -> JobTask {
        JobTask(id: id, type: "email:new", queue: "work", created: now + .nanoseconds(sequence), dependencies: dependencies,
                loadDependencies: load)
    }

    /// Claims the task `id` (the only ready one) and completes it with `result`.
    func complete(_ id: String, result: JSONValue) async throws {
        let claim = try await claimOne()
        try requireEqual(claim.task.id, id, "the task claimed")
        try await store.resolve(claim, .complete(result: result))
    }

    func dependencyRunsWhenTheLastCompletes() async throws {
        try await makeQueue()
        try await store.enqueue([makeTask("a", sequence: 1), makeTask("b", sequence: 2)])
        try await requireThrows(JobError.taskNotFound("nope"), "a dependency that does not exist") {
            try await store.enqueue([makeDependent("orphan", on: ["a", "nope"], sequence: 3)])
        }
        // Parents earlier in the same batch count; repeats are dropped.
        try await store.enqueue([makeTask("c0", sequence: 3), makeDependent("c", on: ["a", "b", "c0", "a"], load: true, sequence: 4)])
        let blocked = try await store.task(id: "c")
        try requireEqual(blocked.state, .blocked, "state of a task whose dependencies have not completed")
        try requireEqual(blocked.dependencies, ["a", "b", "c0"], "dependencies as given, repeats dropped")
        try requireEqual(blocked.loadDependencies, true, "load_dependencies")
        try requireEqual(try await store.nextAttempt(taskID: "c"), nil, "a blocked task has no next attempt")
        try requireEqual(try await store.dependents(taskID: "a").map(\.id), ["c"], "dependents of a")
        try await complete("a", result: "A")
        try await complete("b", result: ["n": 2])
        try requireEqual(try await store.task(id: "c").state, .blocked, "blocked while one dependency is left")
        clock.advance(by: .seconds(5))
        try await complete("c0", result: nil)
        let released = try await store.task(id: "c")
        try requireEqual(released.state, .new, "runnable in the write that completes the last dependency")
        try requireEqual(try await store.nextAttempt(taskID: "c"), now, "runnable at once")
        try requireEqual(released.dependencyResults["a"]?.payload, "A", "a's result loaded")
        try requireEqual(released.dependencyResults["b"]?.payload, ["n": 2], "b's result loaded")
        try requireEqual(released.dependencyResults["c0"]?.completed, now, "c0's completion time loaded")
        let claim = try await claimOne()
        try requireEqual(claim.task.dependencyResults.count, 3, "the claimed task carries the results")
        try await store.resolve(claim, .complete(result: nil))
        // Dependencies already complete at enqueue: runnable at once; without load, no results copied.
        try await store.enqueue([makeDependent("late", on: ["a", "c"], sequence: 5)])
        let late = try await store.task(id: "late")
        try requireEqual(late.state, .new, "dependencies complete before the enqueue")
        try requireEqual(late.dependencyResults, [:], "no results without load_dependencies")
        // A completed dependency deleted later (discard, retention) still counts as complete.
        try await store.enqueue([makeTask("p", sequence: 6), makeTask("q", sequence: 7),
                                 makeDependent("pq", on: ["p", "q"], sequence: 8)])
        try await complete("late", result: nil)
        try await complete("p", result: nil)
        try await store.deleteTask(id: "p")
        try requireEqual(try await store.task(id: "pq").state, .blocked, "still waiting for q")
        try await complete("q", result: nil)
        try requireEqual(try await store.task(id: "pq").state, .new, "a deleted completed dependency counts as complete")
    }

    func failedDependencyEndsTheWholeChain() async throws {
        try await makeQueue()
        try await store.enqueue([makeTask("root", sequence: 1), makeTask("unrelated", sequence: 2)])
        try await store.enqueue([makeDependent("child", on: ["root"], sequence: 3),
                                 makeDependent("grandchild", on: ["child", "unrelated"], sequence: 4),
                                 makeDependent("great", on: ["grandchild"], sequence: 5)])
        let claim = try await claimOne()
        try requireEqual(claim.task.id, "root", "root is claimed first")
        try await store.resolve(claim, .expire(outcome: .failed, error: "out of tries"))
        for id in ["child", "grandchild", "great"] {
            let task = try await store.task(id: id)
            try requireEqual(task.state, .unreachable, "\(id) after its ancestor expired")
            try requireEqual(task.lastError, "task dependencies failed: task root ended expired", "\(id)'s error names the ancestor")
            try requireEqual(task.tries, 0, "\(id) never ran")
        }
        try requireEqual(try await store.task(id: "unrelated").state, .new, "an unrelated dependency is untouched")
        // Enqueued below a failed task: unreachable at once.
        try await store.enqueue([makeDependent("after", on: ["great"], sequence: 6)])
        try requireEqual(try await store.task(id: "after").lastError, "task dependencies failed: task root ended expired",
                         "a task enqueued below an unreachable one")
        // An operator's terminate, and a deletion, of an unfinished dependency end the chain too.
        try await store.enqueue([makeTask("x", sequence: 7), makeTask("y", sequence: 8)])
        try await store.enqueue([makeDependent("x1", on: ["x"], sequence: 9), makeDependent("x2", on: ["x1"], sequence: 10),
                                 makeDependent("y1", on: ["y"], sequence: 11)])
        try await store.terminate(taskID: "x")
        try requireEqual(try await store.task(id: "x2").lastError, "task dependencies failed: task x ended terminated",
                         "the chain below a terminated task")
        try await store.deleteTask(id: "y")
        try requireEqual(try await store.task(id: "y1").state, .unreachable, "a task whose dependency was deleted")
        try requireEqual(try await store.task(id: "y1").lastError, "task dependencies failed: task y was deleted before it completed",
                         "its error")
        // An operator retry of an unreachable task waits for its dependencies again.
        try await store.retry(taskID: "root")
        try requireEqual(try await store.retry(taskID: "child").state, .blocked, "a retried task waits for its dependencies")
        try await complete("root", result: nil)
        try requireEqual(try await store.task(id: "child").state, .new, "released when the retried dependency completes")
        let counts = try await store.summary(queue: "work").counts
        try requireEqual(counts[.unreachable], 6, "unreachable tasks counted")
        try requireEqual(counts[.blocked] ?? 0, 0, "no task left blocked")
    }
}
