import AsyncJobs
import Foundation

/// The checks of ``InspectorStore``: queue administration, task reads and listings, deletes and purges,
/// the operator actions, summaries and the event log.
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

    func operatorRetryRunsAgain() async throws {
        try await makeQueue()
        try await store.enqueue([makeTask("t1", deadline: now + .seconds(30), maxTries: 1)])
        let claim = try await claimOne()
        try await store.resolve(claim, .expire(outcome: .failed, error: "out of tries"))
        clock.advance(by: .seconds(60))
        let retried = try await store.retry(taskID: "t1")
        try requireEqual(retried.state, .retry, "state after an operator retry")
        try requireEqual(retried.tries, 0, "tries restart")
        try requireEqual(retried.deadline, nil, "a past deadline is cleared")
        let again = try await claimOne()
        try requireEqual(again.task.id, "t1", "the retried task really runs")
        try requireEqual(again.task.tries, 1, "the new run counts tries from one")
        try requireEqual(again.attempt, 2, "the history numbering goes on")
        try await requireThrows(JobError.invalidState(taskID: "t1", state: .active, action: "retry"), "retrying an active task") {
            try await store.retry(taskID: "t1")
        }
        try await store.resolve(again, .complete(result: .null))
        try requireEqual(try await store.attempts(taskID: "t1").count, 2, "history is kept across the retry")
        try await store.enqueue([makeTask("fresh", sequence: 3)])
        try await requireThrows(JobError.invalidState(taskID: "fresh", state: .new, action: "retry"), "retrying a new task") {
            try await store.retry(taskID: "fresh")
        }
        try await requireThrows(JobError.taskNotFound("ghost"), "retrying a missing task") {
            try await store.retry(taskID: "ghost")
        }
        try requireEqual(try await store.retry(taskID: "t1").state, .retry, "a complete task can be retried")
    }

    func operatorRetryMovesToAnotherQueue() async throws {
        try await makeQueue()
        try await makeQueue("other")
        try await store.enqueue([makeTask("t1"), makeTask("t2", sequence: 1)])
        try await store.terminate(taskID: "t1")
        try await requireThrows(JobError.queueNotFound("nowhere"), "retrying into a missing queue") {
            try await store.retry(taskID: "t1", queue: "nowhere")
        }
        try requireEqual(try await store.task(id: "t1").state, .terminated, "a refused move changes nothing")
        let moved = try await store.retry(taskID: "t1", queue: "other")
        try requireEqual(moved.queue, "other", "the retried task's queue")
        try requireEqual(moved.state, .retry, "its state")
        try requireEqual(try await store.task(id: "t1").queue, "other", "the stored queue")
        try requireEqual(try await store.summary(queue: "work").count(.terminated), 0, "the old queue's count")
        try requireEqual(try await store.summary(queue: "other").count(.retry), 1, "the new queue's count")
        let claim = try await claimOne("other")
        try requireEqual(claim.task.id, "t1", "it runs from the new queue")
        try await requireThrows(JobError.invalidState(taskID: "t1", state: .active, action: "retry"), "moving an active task") {
            try await store.retry(taskID: "t1", queue: "work")
        }
        // A task waiting for its retry moves with its item: claimable at once in the new queue only.
        try await store.resolve(claim, .retry(at: now + .seconds(600), outcome: .failed, error: "later"))
        try await store.retry(taskID: "t1", queue: "work")
        try requireEqual(try await store.claim(queue: "other", upTo: 10, worker: "w1").count, 0, "the old queue hands it out no more")
        let claims = try await store.claim(queue: "work", upTo: 10, worker: "w1")
        try requireEqual(Set(claims.map(\.task.id)), ["t1", "t2"], "both wait in the work queue")
        try requireEqual(try await store.summary(queue: "other").total, 0, "nothing is left counted in the old queue")
        try requireEqual(try await store.summary(queue: "work").active, 2, "both run in the work queue")
    }

    func operatorTerminateWaitingTask() async throws {
        try await makeQueue()
        try await enqueue(1)
        let terminated = try await store.terminate(taskID: "t1")
        try requireEqual(terminated.state, .terminated, "a waiting task ends at once")
        try requireEqual(terminated.lastError, AttemptRules.operatorTerminateError, "the error names the operator")
        try requireEqual(try await store.claim(queue: "work", upTo: 1, worker: "w").count, 0, "it never runs")
        try await requireThrows(JobError.invalidState(taskID: "t1", state: .terminated, action: "terminate"), "terminating twice") {
            try await store.terminate(taskID: "t1")
        }
    }

    func operatorTerminateActiveTask() async throws {
        try await makeQueue()
        try await enqueue(2)
        let claim = try await claimOne(worker: "w1")
        _ = try await claimOne(worker: "w2")
        try requireEqual(try await store.terminateRequests(worker: "w1"), [], "no requests yet")
        let asked = try await store.terminate(taskID: claim.task.id)
        try requireEqual(asked.state, .active, "an active task stays active until its worker stops")
        try requireEqual(try await store.terminateRequests(worker: "w1"), [claim.task.id], "its worker is asked")
        try requireEqual(try await store.terminateRequests(worker: "w2"), [], "other workers are not")
        let receipt = try await store.resolve(claim, .complete(result: "finished anyway"))
        try requireEqual(receipt, .terminatedByOperator, "whatever the handler returned")
        let task = try await store.task(id: claim.task.id)
        try requireEqual(task.state, .terminated, "final state")
        try requireEqual(task.lastError, AttemptRules.operatorTerminateError, "last error")
        try requireEqual(try await store.attempts(taskID: claim.task.id).map(\.outcome), [.terminated], "attempt outcome")
        try requireEqual(try await store.terminateRequests(worker: "w1"), [], "the request is consumed")
    }

    func terminateOfVanishedWorkerEnds() async throws {
        try await makeQueue(maxRunTime: .seconds(5))
        try await enqueue(1)
        _ = try await claimOne(worker: "gone")
        try await store.terminate(taskID: "t1")
        clock.advance(by: .seconds(5) + Claim.leaseGrace)
        try requireEqual(try await store.claim(queue: "work", upTo: 1, worker: "w").count, 0, "a terminated task is not rescued to run")
        try requireEqual(try await store.task(id: "t1").state, .terminated, "it ends terminated")
        try requireEqual(try await store.attempts(taskID: "t1").map(\.outcome), [.interrupted], "the lost attempt is recorded")
    }

    func listingFiltersAndPages() async throws {
        try await makeQueue()
        try await makeQueue("other")
        try await store.enqueue([
            makeTask("a1", type: "email:new", sequence: 1), makeTask("a2", type: "email:bounce", sequence: 2),
            makeTask("a3", type: "sms", sequence: 3), makeTask("b1", type: "email:new", queue: "other", sequence: 4),
        ])
        let claim = try await claimOne()  // a1
        try await store.resolve(claim, .retry(at: now + .seconds(60), outcome: .failed, error: "mailbox unavailable"))
        try requireEqual(try await store.tasks(TaskFilter()).map(\.id), ["b1", "a3", "a2", "a1"], "newest first")
        try requireEqual(try await store.tasks(TaskFilter(queue: "work")).map(\.id), ["a3", "a2", "a1"], "by queue")
        try requireEqual(try await store.tasks(TaskFilter(states: [.retry])).map(\.id), ["a1"], "by state")
        try requireEqual(try await store.tasks(TaskFilter(type: "email:new")).map(\.id), ["b1", "a1"], "by exact type")
        try requireEqual(try await store.tasks(TaskFilter(text: "bounce")).map(\.id), ["a2"], "text in the type")
        try requireEqual(try await store.tasks(TaskFilter(text: "mailbox")).map(\.id), ["a1"], "text in the error")
        try requireEqual(try await store.tasks(TaskFilter(text: "b1")).map(\.id), ["b1"], "text in the id")
        try requireEqual(try await store.tasks(TaskFilter(offset: 1, limit: 2)).map(\.id), ["a3", "a2"], "a page")
        try requireEqual(try await store.countTasks(TaskFilter(queue: "work", offset: 2, limit: 1)), 3, "count ignores paging")
        try requireEqual(try await store.countTasks(TaskFilter(states: [.new, .retry], text: "email")), 3, "count with filters")
    }

    func textSearchReadsPayloads() async throws {
        try await makeQueue()
        try await makeQueue("other")
        try await store.enqueue([
            makeTask("p1", type: "email", payload: #"{"to":"ada@example.com"}"#, sequence: 1),
            makeTask("p2", type: "email", payload: #"{"to":"bob@example.com"}"#, sequence: 2),
            makeTask("p3", type: "sms", sequence: 3),
            makeTask("p4", type: "email", queue: "other", payload: #"{"to":"ada@example.com"}"#, sequence: 4),
            JobTask(id: "p5", type: "blob", queue: "work", payload: Data([0xff, 0x00, 0x61, 0x64, 0x61, 0xfe]),
                    created: now + .nanoseconds(5)),
        ])
        try requireEqual(try await store.tasks(TaskFilter(queue: "work", text: "ada@")).map(\.id), ["p1"],
                         "text inside a JSON payload, in one queue")
        try requireEqual(try await store.tasks(TaskFilter(text: "ada@")).map(\.id), ["p4", "p1"], "across queues")
        try requireEqual(try await store.countTasks(TaskFilter(queue: "work", text: "example.com")), 2,
                         "the count of matches")
        try requireEqual(try await store.taskIDs(TaskFilter(queue: "work", text: "bob")), ["p2"],
                         "the ids a bulk action over the search works through")
        try requireEqual(try await store.tasks(TaskFilter(text: "ada")).map(\.id), ["p5", "p4", "p1"],
                         "the bytes of a binary payload")
        try requireEqual(try await store.tasks(TaskFilter(text: "ADA@")).map(\.id), [], "case-sensitive")
        try requireEqual(try await store.tasks(TaskFilter(states: [.new], text: "to")).map(\.id), ["p4", "p2", "p1"],
                         "with a state filter")
    }

    func digestsAndIDScope() async throws {
        try await makeQueue()
        try await makeQueue("other")
        try await store.enqueue([
            makeTask("d1", type: "email", payload: "big", sequence: 1), makeTask("d2", type: "sms", sequence: 2),
            makeTask("d3", type: "email", sequence: 3), makeTask("d4", type: "email", queue: "other", sequence: 4),
        ])
        let claim = try await claimOne()  // d1
        clock.advance(by: .seconds(2))
        try await store.resolve(claim, .retry(at: now + .seconds(60), outcome: .failed, error: "timed out after 3s"))
        let digests = try await store.taskDigests(TaskFilter(queue: "work", limit: 1))
        try requireEqual(digests.map(\.id), ["d3", "d2", "d1"], "every task of the queue, newest first, paging ignored")
        try requireEqual(digests.last, TaskDigest(id: "d1", type: "email", state: .retry, created: now - .seconds(2) + .nanoseconds(1),
                                                  tried: now, tries: 1, lastError: "timed out after 3s"),
                         "a digest carries the task's light fields")
        try requireEqual(try await store.taskDigests(TaskFilter(states: [.retry])).map(\.id), ["d1"], "by state")
        let scope = TaskFilter(ids: ["d1", "d3", "d4", "gone"])
        try requireEqual(try await store.tasks(scope).map(\.id), ["d4", "d3", "d1"], "only the given ids")
        try requireEqual(try await store.tasks(TaskFilter(queue: "work", states: [.new], ids: ["d1", "d3", "d4"])).map(\.id),
                         ["d3"], "ids with a queue and a state")
        try requireEqual(try await store.countTasks(TaskFilter(queue: "work", ids: ["d1", "d2"])), 2, "counted")
        try requireEqual(try await store.taskIDs(TaskFilter(queue: "work", ids: ["d2", "d4"])), ["d2"], "as a bulk selector")
        try requireEqual(try await store.taskDigests(TaskFilter(ids: ["d2"])).map(\.id), ["d2"], "in digests")
        try requireEqual(try await store.tasks(TaskFilter(ids: [])).map(\.id), [], "an empty set matches nothing")
    }

    func deleteAndPurge() async throws {
        try await makeQueue()
        try await enqueue(4)
        let running = try await claimOne()  // t1
        let done = try await claimOne()  // t2
        try await store.resolve(done, .complete(result: .null))
        try await store.deleteTask(id: "t2")
        try await requireThrows(JobError.taskNotFound("t2"), "a deleted task") { try await store.task(id: "t2") }
        try await requireThrows(JobError.taskNotFound("t2"), "its history") { try await store.attempts(taskID: "t2") }
        try requireEqual(try await store.purgeQueue("work"), 2, "purge removes the waiting tasks")
        try requireEqual(try await store.tasks(TaskFilter()).map(\.id), ["t1"], "the running task survives a purge")
        try await store.resolve(running, .expire(outcome: .failed, error: "x"))
        try requireEqual(try await store.purgeTasks(queue: "work", states: [.expired]), 1, "purge by state")
        try requireEqual(try await store.countTasks(TaskFilter()), 0, "nothing left")
        try await requireThrows(JobError.queueNotFound("nope"), "purging a missing queue") { try await store.purgeQueue("nope") }
    }

    func removeQueueRemovesItsTasks() async throws {
        try await makeQueue()
        try await makeQueue("keep")
        try await enqueue(3)
        try await enqueue(1, prefix: "k", queue: "keep")
        _ = try await claimOne()
        try await store.removeQueue("work")
        try requireEqual(try await store.tasks(TaskFilter()).map(\.id), ["k1"], "only the other queue's tasks remain")
        try await requireThrows(JobError.taskNotFound("t1"), "a removed task's history") { try await store.attempts(taskID: "t1") }
        try await requireThrows(JobError.queueNotFound("work"), "claiming from a removed queue") {
            try await store.claim(queue: "work", upTo: 1, worker: "w")
        }
        try await requireThrows(JobError.queueNotFound("work"), "removing twice") { try await store.removeQueue("work") }
    }

    func eventsFollowStateChanges() async throws {
        try await makeQueue()
        let start = try await store.latestEventSequence()
        try await enqueue(1)
        let claim = try await claimOne()
        try await store.resolve(claim, .retry(at: now, outcome: .failed, error: "flaky"))
        let events = try await store.events(after: start, limit: 100)
        try requireEqual(events.map(\.state), [.new, .active, .retry], "one event per state change, in order")
        try require(zip(events, events.dropFirst()).allSatisfy { $0.sequence < $1.sequence }, "sequences increase")
        try requireEqual(events.last?.error, "flaky", "the event carries the error")
        try requireEqual(events.last?.tries, 1, "the event carries the tries")
        try requireEqual(events.last?.type, "email:new", "the event carries the type")
        try requireEqual(try await store.latestEventSequence(), events.last?.sequence, "latest sequence")
        try requireEqual(try await store.events(after: events[0].sequence, limit: 1).map(\.state), [.active], "after and limit")
    }

    func summariesCountLiveFigures() async throws {
        try await makeQueue(maxConcurrent: 4)
        try await makeQueue("idle")
        try await enqueue(5)
        clock.advance(by: .seconds(2))
        let claims = try await store.claim(queue: "work", upTo: 3, worker: "w")
        try await store.resolve(claims[0], .complete(result: .null))
        try await store.resolve(claims[1], .retry(at: now + .seconds(30), outcome: .failed, error: "later"))
        try await store.resolve(claims[2], .terminate(error: "no"))
        let summary = try await store.summary(queue: "work")
        try requireEqual(summary.active, 0, "active")
        try requireEqual(summary.ready, 2, "ready: new tasks")
        try requireEqual(summary.scheduled, 1, "scheduled retries")
        try requireEqual(summary.count(.new), 2, "new")
        try requireEqual(summary.count(.complete), 1, "complete")
        try requireEqual(summary.count(.retry), 1, "retry")
        try requireEqual(summary.failed, 1, "failed")
        try requireEqual(summary.oldestReady, now - .seconds(2), "oldest ready since")
        let running = try await claimOne()
        try requireEqual(try await store.summary(queue: "work").active, 1, "active after a claim")
        try requireEqual(try await store.summary(queue: "work").ready, 1, "ready after a claim")
        try await store.resolve(running, .complete(result: .null))
        let all = try await store.summaries()
        try requireEqual(all.map(\.queue.name), ["idle", "work"], "summaries sorted by name")
        try requireEqual(all[0].total, 0, "an idle queue")
        let info = try await store.info()
        try requireEqual(info.queues, 2, "info queues")
        try requireEqual(info.counts[.complete], 2, "info counts")
        let byState = all.reduce(into: [TaskState: Int]()) { totals, summary in
            for (state, count) in summary.counts where count > 0 { totals[state, default: 0] += count }
        }
        try requireEqual(info.counts.filter { $0.value > 0 }, byState, "info counts every state of every queue")
    }

    /// The oldest ready task's wait moves on as the oldest tasks leave, whatever other queues' older tasks
    /// do, and comes back for an older task made ready again.
    func oldestReadyFollowsTheQueue() async throws {
        try await makeQueue()
        try await makeQueue("other")
        try await enqueue(3, prefix: "o", queue: "other")
        clock.advance(by: .seconds(1))
        let enqueued = now
        try await enqueue(2)
        clock.advance(by: .seconds(1))
        try await store.enqueue([makeTask("t3", sequence: 3)])
        clock.advance(by: .seconds(5))
        try requireEqual(try await store.summary(queue: "work").oldestReady, enqueued, "the first two tasks wait longest")
        try await store.resolve(try await claimOne(), .complete(result: .null))
        try await store.resolve(try await claimOne(), .complete(result: .null))
        try requireEqual(try await store.summary(queue: "work").oldestReady, enqueued + .seconds(1), "then the third")
        try await store.resolve(try await claimOne(), .complete(result: .null))
        try requireEqual(try await store.summary(queue: "work").oldestReady, nil, "none waits")
        try requireEqual(try await store.summary(queue: "other").oldestReady, enqueued - .seconds(1), "the other queue's own")
        clock.advance(by: .seconds(2))
        let retried = now
        try await store.retry(taskID: "t1")
        try requireEqual(try await store.summary(queue: "work").oldestReady, retried, "an older task made ready again")
        try await store.enqueue([makeTask("t4")])
        try requireEqual(try await store.summary(queue: "work").oldestReady, retried, "still the retried one")
    }

    func upcomingRetriesAndCompletions() async throws {
        try await makeQueue()
        try await enqueue(4)
        let claims = try await store.claim(queue: "work", upTo: 4, worker: "w")
        try await store.resolve(claims[0], .retry(at: now + .seconds(600), outcome: .failed, error: "x"))
        try await store.resolve(claims[1], .retry(at: now + .seconds(60), outcome: .failed, error: "x"))
        try await store.resolve(claims[2], .retry(at: now + .seconds(7200), outcome: .failed, error: "x"))
        try requireEqual(try await store.upcomingRetries(queue: "work", until: now + .seconds(3600)),
                         [now + .seconds(60), now + .seconds(600)], "retries due within the hour, soonest first")
        try await store.resolve(claims[3], .complete(result: .null))
        clock.advance(by: .seconds(60))
        let second = try await claimOne()
        try await store.resolve(second, .complete(result: .null))
        try await store.enqueue([makeTask("late", sequence: 9)])
        clock.advance(by: .milliseconds(500))
        try await store.terminate(taskID: claims[2].task.id)
        let counts = try await store.finishedCounts(queue: "work", buckets: 3, bucket: .seconds(60))
        try requireEqual(counts.completed, [0, 1, 1], "completions per minute, oldest first")
        try requireEqual(counts.failed, [0, 0, 1], "failures (expired, terminated) per minute, oldest first")
        try requireEqual(counts.arrived, [0, 4, 1], "enqueued tasks per minute, oldest first")
        try requireEqual(counts.recordedBuckets, 2, "the oldest minute precedes the store's first event")
        clock.advance(by: .seconds(120))
        let later = try await store.finishedCounts(queue: "work", buckets: 3, bucket: .seconds(60))
        try requireEqual(later.recordedBuckets, 3, "a history older than the window covers it all")
        try requireEqual(later.completed, [1, 0, 0], "counts move back as time passes")
    }
}
