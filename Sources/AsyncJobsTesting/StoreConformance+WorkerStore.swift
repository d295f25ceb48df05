import AsyncJobs

/// The checks of ``WorkerStore``: enqueueing, claiming under the limits, resolving fenced on the lease,
/// rescuing abandoned leases, extending, and the wake-up time.
extension StoreConformance.Context {
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

    func claimOldestFirst() async throws {
        try await makeQueue(maxRunTime: .seconds(30))
        let ids = try await enqueue(3)
        try requireEqual(try await store.nextAttempt(taskID: ids[0]), now, "new work is claimable now")
        let claim = try await claimOne(worker: "w1")
        try requireEqual(claim.task.id, ids[0], "the oldest task is claimed first")
        try requireEqual(claim.task.state, .active, "claimed task state")
        try requireEqual(claim.task.tries, 1, "claimed task tries")
        try requireEqual(claim.attempt, 1, "attempt number")
        try requireEqual(claim.worker, "w1", "lease owner")
        try requireEqual(claim.started, now, "attempt start")
        try requireEqual(claim.leaseExpires, now + Claim.defaultLeaseWindow, "a lease lasts the default window")
        try requireEqual(claim.queue.maxRunTime, .seconds(30), "queue settings travel with the claim")
        let stored = try await store.task(id: ids[0])
        try requireEqual(stored.state, .active, "stored state after claim")
        try requireEqual(stored.tried, now, "tried time")
        let attempts = try await store.attempts(taskID: ids[0])
        try requireEqual(attempts, [Attempt(n: 1, worker: "w1", started: now)], "a running attempt is recorded")
        let rest = try await store.claim(queue: "work", upTo: 10, worker: "w2")
        try requireEqual(rest.map(\.task.id), Array(ids[1...]), "the rest, in order, never the leased one")
        try requireEqual(try await store.claim(queue: "work", upTo: 10, worker: "w3").count, 0, "nothing left to claim")
    }

    func maxConcurrentAcrossWorkers() async throws {
        try await makeQueue(maxConcurrent: 3)
        try await enqueue(10)
        let first = try await store.claim(queue: "work", upTo: 10, worker: "a")
        try requireEqual(first.count, 3, "claims limited by MaxConcurrent")
        try requireEqual(try await store.claim(queue: "work", upTo: 10, worker: "b").count, 0, "a second worker gets nothing while full")
        try await store.resolve(first[0], .complete(result: .null))
        let second = try await store.claim(queue: "work", upTo: 10, worker: "b")
        try requireEqual(second.count, 1, "a freed slot goes to the next claim")
        try requireEqual(try await store.summary(queue: "work").active, 3, "active leases")
        try await store.updateQueue("work", QueueChanges(maxConcurrent: 5))
        try requireEqual(try await store.claim(queue: "work", upTo: 10, worker: "c").count, 2, "a raised limit applies to the next claim")
        try requireEqual(try await store.claim(queue: "work", upTo: 0, worker: "d").count, 0, "upTo 0 claims nothing")
    }

    func pausedQueueHandsOutNothing() async throws {
        try await makeQueue()
        try await enqueue(2)
        let running = try await claimOne()
        try await store.updateQueue("work", QueueChanges(paused: true))
        try requireEqual(try await store.claim(queue: "work", upTo: 5, worker: "w").count, 0, "claims from a paused queue")
        try requireEqual(try await store.resolve(running, .complete(result: .null)), .applied(.complete), "a running task finishes while paused")
        try await store.updateQueue("work", QueueChanges(paused: false))
        try requireEqual(try await store.claim(queue: "work", upTo: 5, worker: "w").count, 1, "claims after resume")
    }

    func completeRecordsResult() async throws {
        try await makeQueue()
        try await enqueue(1)
        let claim = try await claimOne()
        clock.advance(by: .milliseconds(250))
        try requireEqual(try await store.resolve(claim, .complete(result: ["sent": true])), .applied(.complete), "receipt")
        let task = try await store.task(id: "t1")
        try requireEqual(task.state, .complete, "state")
        try requireEqual(task.result, TaskResult(payload: ["sent": true], completed: now), "result")
        try requireEqual(task.tried, now, "tried is the end of the attempt")
        let attempts = try await store.attempts(taskID: "t1")
        try requireEqual(attempts.map(\.outcome), [.complete], "attempt outcome")
        try requireEqual(attempts.first?.ended, now, "attempt end")
        try requireEqual(try await store.resolve(claim, .complete(result: .null)), .leaseLost, "resolving twice")
    }

    func retryWaitsForItsTime() async throws {
        try await makeQueue()
        try await enqueue(1)
        let claim = try await claimOne()
        let due = now + .seconds(10)
        try requireEqual(try await store.resolve(claim, .retry(at: due, outcome: .failed, error: "smtp down")), .applied(.retry), "receipt")
        let task = try await store.task(id: "t1")
        try requireEqual(task.state, .retry, "state")
        try requireEqual(task.lastError, "smtp down", "last error")
        try requireEqual(try await store.attempts(taskID: "t1").map(\.outcome), [.failed], "attempt outcome")
        try requireEqual(try await store.nextAttempt(taskID: "t1"), due, "the next attempt's time")
        try requireEqual(try await store.claim(queue: "work", upTo: 1, worker: "w").count, 0, "not claimable before its time")
        clock.advance(by: .seconds(10))
        let again = try await claimOne()
        try requireEqual(try await store.nextAttempt(taskID: "t1"), nil, "a running task has no next attempt")
        try requireEqual(again.attempt, 2, "second attempt number")
        try requireEqual(again.task.tries, 2, "tries after the retry")
        try await store.resolve(again, .retry(at: now + .seconds(1), outcome: .timeout, error: "ran past MaxRunTime"))
        try requireEqual(try await store.attempts(taskID: "t1").map(\.outcome), [.failed, .timeout], "history keeps both")
    }

    func expireAndTerminateEndTheTask() async throws {
        try await makeQueue()
        try await enqueue(2)
        let first = try await claimOne()
        let second = try await claimOne()
        try requireEqual(try await store.resolve(first, .expire(outcome: .failed, error: "boom")), .applied(.expired), "expire receipt")
        try requireEqual(try await store.resolve(second, .terminate(error: "bad payload")), .applied(.terminated), "terminate receipt")
        try requireEqual(try await store.task(id: "t1").state, .expired, "expired state")
        try requireEqual(try await store.nextAttempt(taskID: "t1"), nil, "a final task has no next attempt")
        try await requireThrows(JobError.taskNotFound("ghost"), "the next attempt of a missing task") {
            try await store.nextAttempt(taskID: "ghost")
        }
        try requireEqual(try await store.task(id: "t2").lastError, "bad payload", "terminate error kept")
        try requireEqual(try await store.attempts(taskID: "t2").map(\.outcome), [.terminated], "terminated attempt")
        clock.advance(by: .seconds(3600))
        try requireEqual(try await store.claim(queue: "work", upTo: 5, worker: "w").count, 0, "final tasks never run again")
    }

    func staleResolutionIsFenced() async throws {
        try await makeQueue(maxRunTime: .seconds(5))
        try await enqueue(1)
        let stale = try await claimOne(worker: "slow")
        clock.advance(by: .seconds(5) + Claim.leaseGrace)
        let fresh = try await claimOne(worker: "fast")
        try requireEqual(fresh.attempt, 2, "the rescued task's new attempt")
        try requireEqual(try await store.resolve(stale, .complete(result: "late")), .leaseLost, "a late result of a lost lease")
        try requireEqual(try await store.task(id: "t1").state, .active, "the new attempt is untouched")
        try requireEqual(try await store.resolve(fresh, .complete(result: "ok")), .applied(.complete), "the new attempt completes")
        try requireEqual(try await store.task(id: "t1").result?.payload, "ok", "the fresh result wins")
    }

    func abandonedLeaseIsRescued() async throws {
        try await makeQueue(maxRunTime: .seconds(5))
        try await enqueue(1)
        let lost = try await claimOne(worker: "killed")
        clock.advance(by: .seconds(5))
        try requireEqual(try await store.claim(queue: "work", upTo: 1, worker: "w2").count, 0, "not rescued before the lease ends")
        try await store.enqueue([makeTask("later", sequence: 9)])
        clock.advance(by: Claim.leaseGrace)
        let rescued = try await claimOne(worker: "w2")
        try requireEqual(rescued.task.id, lost.task.id, "the abandoned task runs again at once, ahead of later work")
        let attempts = try await store.attempts(taskID: "t1")
        try requireEqual(attempts.map(\.outcome), [.interrupted, .running], "the lost attempt is recorded as interrupted")
        try requireEqual(attempts.first?.worker, "killed", "the lost attempt's worker")
        try requireEqual(attempts.first?.error, AttemptRules.interruptedError, "the lost attempt's error")
        try requireEqual(rescued.task.tries, 2, "the interrupted attempt counts as a try")
    }

    func rescueWithoutTriesLeftExpires() async throws {
        try await makeQueue(maxRunTime: .seconds(5))
        try await enqueue(1, maxTries: 1)
        _ = try await claimOne(worker: "killed")
        clock.advance(by: .seconds(5) + Claim.leaseGrace)
        try requireEqual(try await store.claim(queue: "work", upTo: 1, worker: "w2").count, 0, "an out-of-tries task is not claimed")
        let task = try await store.task(id: "t1")
        try requireEqual(task.state, .expired, "state after the last try was interrupted")
        try requireEqual(task.lastError, AttemptRules.interruptedError, "last error")
        try requireEqual(try await store.summary(queue: "work").active, 0, "the lease is released")
    }

    func leaseWindowBoundsTheLease() async throws {
        try await makeQueue(maxRunTime: .seconds(3600))
        try await makeQueue("short", maxRunTime: .seconds(2))
        try await enqueue(2)
        try await enqueue(1, prefix: "s", queue: "short")
        let windowed = try await store.claim(queue: "work", upTo: 1, worker: "w1", leaseWindow: .seconds(3))
        try requireEqual(windowed.first?.leaseExpires, now + .seconds(3), "a lease lasts the window, not MaxRunTime")
        let short = try await store.claim(queue: "short", upTo: 1, worker: "w1", leaseWindow: .seconds(15))
        try requireEqual(short.first?.leaseExpires, now + .seconds(2) + Claim.leaseGrace, "never past MaxRunTime + grace")
        clock.advance(by: .seconds(3))
        let rescued = try await store.claim(queue: "work", upTo: 2, worker: "w2", leaseWindow: .seconds(3))
        try requireEqual(rescued.map(\.task.id).sorted(), ["t1", "t2"], "an unrenewed lease is rescued after its window")
        try requireEqual(try await store.attempts(taskID: "t1").map(\.outcome), [.interrupted, .running], "the lost attempt")
    }

    func renewalKeepsTheLease() async throws {
        try await makeQueue(maxRunTime: .seconds(10))
        try await enqueue(2)
        let claims = try await store.claim(queue: "work", upTo: 2, worker: "w1", leaseWindow: .seconds(3))
        try requireEqual(claims.count, 2, "two leases")
        try requireEqual(try await store.renewLeases([], window: .seconds(3)), [], "renewing nothing")
        for _ in 0..<3 {
            clock.advance(by: .seconds(2))
            try requireEqual(try await store.renewLeases(claims, window: .seconds(3)), [now + .seconds(3), now + .seconds(3)],
                             "both leases renewed from now")
            try requireEqual(try await store.claim(queue: "work", upTo: 2, worker: "w2").count, 0, "a renewed lease is not rescued")
        }
        try requireEqual(try await store.lease(taskID: claims[0].task.id)?.expires, now + .seconds(3), "readers see the renewal")
        clock.advance(by: .seconds(3))
        try requireEqual(try await store.renewLeases([claims[0]], window: .seconds(3)), [claims[0].leaseLimit],
                         "an expired lease nobody rescued is still the claim's; never renewed past MaxRunTime + grace")
        try requireEqual(try await store.resolve(claims[0], .complete(result: .null)), .applied(.complete), "completing after renewals")
        try requireEqual(try await store.renewLeases([claims[0]], window: .seconds(3)), [nil], "a finished lease is not renewed")
        let rescuer = try await claimOne(worker: "w2")
        try requireEqual(rescuer.task.id, claims[1].task.id, "the unrenewed lease was rescued")
        try requireEqual(try await store.renewLeases([claims[1]], window: .seconds(3)), [nil], "a rescued lease is lost")
        try requireEqual(try await store.resolve(claims[1], .complete(result: "late")), .leaseLost, "its late result is fenced")
    }

    func deadlineExpiresInsteadOfRunning() async throws {
        try await makeQueue()
        try await store.enqueue([makeTask("late", deadline: now + .seconds(5), sequence: 1), makeTask("fine", sequence: 2)])
        clock.advance(by: .seconds(6))
        let claims = try await store.claim(queue: "work", upTo: 5, worker: "w")
        try requireEqual(claims.map(\.task.id), ["fine"], "only the task within its deadline runs")
        let late = try await store.task(id: "late")
        try requireEqual(late.state, .expired, "state past the deadline")
        try requireEqual(late.lastError, AttemptRules.deadlineError, "deadline error")
        try requireEqual(try await store.attempts(taskID: "late").count, 0, "no attempt is recorded")
    }

    func maxAgeExpiresOldWork() async throws {
        try await makeQueue(maxAge: .seconds(60))
        try await enqueue(1)
        clock.advance(by: .seconds(61))
        try await store.enqueue([makeTask("young", sequence: 9)])
        let claims = try await store.claim(queue: "work", upTo: 5, worker: "w")
        try requireEqual(claims.map(\.task.id), ["young"], "only young work runs")
        try requireEqual(try await store.task(id: "t1").state, .expired, "old work expires")
        try requireEqual(try await store.task(id: "t1").lastError, AttemptRules.maxAgeError, "MaxAge error")
    }

    func maxEntriesRefusesOrDiscards() async throws {
        try await makeQueue("strict", maxEntries: 2)
        try await enqueue(2, queue: "strict")
        try await requireThrows(JobError.queueFull("strict"), "a full queue") {
            try await store.enqueue([makeTask("extra", queue: "strict", sequence: 5)])
        }
        try requireEqual(try await store.countTasks(TaskFilter(queue: "strict")), 2, "nothing added to a full queue")
        try await makeQueue("lossy", maxEntries: 2, discardOld: true)
        let ids = try await enqueue(2, prefix: "l", queue: "lossy")
        try await store.enqueue([makeTask("newest", queue: "lossy", sequence: 7)])
        let oldest = try await store.task(id: ids[0])
        try requireEqual(oldest.state, .expired, "the oldest waiting task is discarded")
        try require(oldest.lastError?.contains("discard") ?? false, "the discarded task says why: \(String(describing: oldest.lastError))")
        let claimed = try await store.claim(queue: "lossy", upTo: 5, worker: "w").map(\.task.id)
        try requireEqual(claimed.sorted(), [ids[1], "newest"].sorted(), "the rest still run")
    }

    func nextWakeupPointsAtPendingWork() async throws {
        try await makeQueue(maxRunTime: .seconds(20))
        try requireEqual(try await store.nextWakeup(queue: "work"), nil, "an empty queue")
        try await enqueue(2)
        let running = try await claimOne()
        try requireEqual(try await store.nextWakeup(queue: "work"), running.leaseExpires, "a lease end")
        let other = try await claimOne()
        try await store.resolve(other, .retry(at: now + .seconds(3), outcome: .failed, error: "x"))
        try requireEqual(try await store.nextWakeup(queue: "work"), now + .seconds(3), "the retry comes first")
    }

    func batchedResolutionsActLikeSingleOnes() async throws {
        try await makeQueue(maxRunTime: .seconds(5))
        try await enqueue(4)
        let claims = try await store.claim(queue: "work", upTo: 4, worker: "w")
        try await store.terminate(taskID: claims[2].task.id)
        clock.advance(by: .seconds(1))
        let stale = Claim(task: claims[3].task, queue: claims[3].queue, worker: "someone-else", attempt: claims[3].attempt,
                          started: claims[3].started, leaseExpires: claims[3].leaseExpires)
        let receipts = try await store.resolve([
            ClaimResolution(claims[0], .complete(result: "a")),
            ClaimResolution(claims[1], .retry(at: now + .seconds(9), outcome: .failed, error: "later")),
            ClaimResolution(claims[2], .complete(result: "ignored")),
            ClaimResolution(stale, .complete(result: "not mine")),
        ])
        try requireEqual(receipts, [.applied(.complete), .applied(.retry), .terminatedByOperator, .leaseLost], "receipts in order")
        try requireEqual(try await store.task(id: claims[0].task.id).result?.payload, "a", "the first result")
        try requireEqual(try await store.nextAttempt(taskID: claims[1].task.id), now + .seconds(9), "the retry's time")
        try requireEqual(try await store.task(id: claims[2].task.id).state, .terminated, "the operator's terminate wins")
        try requireEqual(try await store.task(id: claims[3].task.id).state, .active, "a foreign lease is untouched")
        try requireEqual(try await store.summary(queue: "work").active, 1, "three leases released, one still held")
    }

    func discardedStatesDeleteTheTask() async throws {
        try await makeQueue(maxRunTime: .seconds(5))
        let ids = try await enqueue(5)
        let claims = try await store.claim(queue: "work", upTo: 5, worker: "w")
        let discard = try DiscardStates([.complete, .terminated])
        try await store.terminate(taskID: ids[3])
        let before = try await store.latestEventSequence()
        try requireEqual(try await store.resolve(claims[0], .complete(result: "gone"), discarding: discard),
                         .applied(.complete), "a discarded completion's receipt")
        let receipts = try await store.resolve([
            ClaimResolution(claims[1], .terminate(error: "bad payload"), discarding: discard),
            ClaimResolution(claims[2], .retry(at: now + .seconds(9), outcome: .failed, error: "later"), discarding: discard),
            ClaimResolution(claims[3], .complete(result: "ignored"), discarding: discard),
            ClaimResolution(claims[4], .expire(outcome: .failed, error: "out of tries"), discarding: discard),
        ])
        try requireEqual(receipts, [.applied(.terminated), .applied(.retry), .terminatedByOperator, .applied(.expired)],
                         "batched receipts")
        for id in [ids[0], ids[1], ids[3]] {
            try await requireThrows(JobError.taskNotFound(id), "loading discarded task \(id)") { try await store.task(id: id) }
        }
        try requireEqual(try await store.task(id: ids[2]).state, .retry, "a retrying task is kept")
        try requireEqual(try await store.task(id: ids[4]).state, .expired, "a state not discarded is kept")
        let finals = try await store.events(after: before, limit: 10).filter(\.state.isFinal)
        try requireEqual(Set(finals.map(\.taskID)), [ids[0], ids[1], ids[3], ids[4]],
                         "discarded tasks still record their final event")
        let summary = try await store.summary(queue: "work")
        try requireEqual([summary.count(.complete), summary.count(.terminated), summary.count(.expired), summary.active],
                         [0, 0, 1, 0], "counts after discarding")
        try requireEqual(try await store.countTasks(TaskFilter()), 2, "tasks left")
    }

    func retentionPrunesFinishedTasks() async throws {
        try await makeQueue(maxRunTime: .seconds(5), retention: .seconds(3600))
        try await makeQueue("forever", maxRunTime: .seconds(5))
        let ids = try await enqueue(3)
        let kept = try await enqueue(1, prefix: "f", queue: "forever")
        let claims = try await store.claim(queue: "work", upTo: 2, worker: "w")
        try await store.resolve(claims[0], .complete(result: .null))
        clock.advance(by: .seconds(1800))
        try await store.resolve(claims[1], .expire(outcome: .failed, error: "boom"))
        try await store.resolve(try claimOne("forever"), .complete(result: .null))
        clock.advance(by: .seconds(1801))
        try requireEqual(try await store.pruneFinished(limit: 100), 1, "only the task finished over an hour ago goes")
        try await requireThrows(JobError.taskNotFound(ids[0]), "the pruned task") { try await store.task(id: ids[0]) }
        try requireEqual(try await store.attempts(taskID: ids[1]).count, 1, "a task finished within the hour keeps its history")
        clock.advance(by: .seconds(1800))
        try requireEqual(try await store.pruneFinished(limit: 100), 1, "the second once its hour passed too")
        try requireEqual(try await store.task(id: ids[2]).state, .new, "waiting tasks are never pruned")
        try requireEqual(try await store.task(id: kept[0]).state, .complete, "a queue without retention keeps its tasks")
        try requireEqual(try await store.summary(queue: "work").count(.complete), 0, "counts follow the pruning")
        try await store.updateQueue("work", QueueChanges(retention: .zero))
        try requireEqual(try await store.queue(named: "work").retention, .zero, "retention is changed live")
        try await requireThrows(JobError.invalidSetting("retention must not be negative"), "a negative retention") {
            try await store.updateQueue("work", QueueChanges(retention: .seconds(-1)))
        }
    }

    func rescueNeedsNoClaim() async throws {
        try await makeQueue(maxRunTime: .seconds(3600))
        try await makeQueue("unserved", maxRunTime: .seconds(3600))
        try await enqueue(1)
        try await enqueue(2, prefix: "u", queue: "unserved")
        clock.advance(by: .seconds(1))
        _ = try await store.claim(queue: "work", upTo: 1, worker: "gone", leaseWindow: .seconds(3))
        let unserved = try await store.claim(queue: "unserved", upTo: 1, worker: "gone", leaseWindow: .seconds(3))
        let live = try await store.claim(queue: "unserved", upTo: 1, worker: "alive", leaseWindow: .seconds(10))
        try await store.terminate(taskID: unserved[0].task.id)
        try requireEqual(try await store.rescueExpiredLeases(), 0, "nothing ran out yet")
        let before = try await store.lease(taskID: "t1")
        try requireEqual(before?.worker, "gone", "readers see the lease's holder")
        try requireEqual(before?.expires, now + .seconds(3), "and when it runs out")
        try requireEqual(try await store.lease(taskID: unserved[0].task.id)?.terminateRequested, true, "and a pending terminate")
        clock.advance(by: .seconds(3))
        try require(try await store.lease(taskID: "t1")?.hasExpired(at: now) == true, "readers tell an expired lease")
        try requireEqual(try await store.rescueExpiredLeases(), 2, "both expired leases, in every queue, without a claim")
        try requireEqual(try await store.task(id: "t1").state, .retry, "the dead worker's task waits to run again")
        try requireEqual(try await store.nextAttempt(taskID: "t1"), now - .seconds(4),
                         "runnable at once, in the place it had in the queue")
        try requireEqual(try await store.lease(taskID: "t1"), nil, "no lease any more")
        try requireEqual(try await store.task(id: unserved[0].task.id).state, .terminated, "the asked terminate finishes")
        try requireEqual(try await store.attempts(taskID: unserved[0].task.id).map(\.outcome), [.interrupted], "the lost attempt")
        try requireEqual(try await store.task(id: live[0].task.id).state, .active, "a live lease is untouched")
        try requireEqual(try await store.summary(queue: "unserved").active, 1, "the released lease no longer counts")
        try requireEqual(try await store.summary(queue: "work").active, 0, "in every queue")
        try requireEqual(try await store.rescueExpiredLeases(), 0, "nothing left to rescue")
        try await requireThrows(JobError.taskNotFound("ghost"), "the lease of a missing task") {
            try await store.lease(taskID: "ghost")
        }
    }
}

extension StoreConformance.Context {
    func errorTextsAreCapped() async throws {
        try await makeQueue(maxTries: 5)
        try await enqueue(4)
        let claims = try await store.claim(queue: "work", upTo: 4, worker: "w")
        // Multi-byte characters across the cut: the kept start must stay valid UTF-8 on a character boundary.
        let huge = "start:" + String(repeating: "é→x", count: 40_000)
        try await store.resolve(claims[0], .retry(at: now + .seconds(1), outcome: .failed, error: huge))
        try await store.resolve(claims[1], .expire(outcome: .timeout, error: huge))
        let receipts = try await store.resolve([ClaimResolution(claims[2], .terminate(error: huge))])
        try requireEqual(receipts, [.applied(.terminated)], "a batched resolution is capped too")
        try await store.resolve(claims[3], .retry(at: now, outcome: .failed, error: "short and kept"))
        let expected = ErrorText.capped(huge)
        try require(expected.utf8.count <= ErrorText.limit, "the cap fits its limit")
        try require(expected.hasPrefix("start:é→x") && expected.hasSuffix(" bytes cut)"), "the cap keeps the start and says how much went")
        for claim in claims.prefix(3) {
            let id = claim.task.id
            try requireEqual(try await store.task(id: id).lastError, expected, "last_err of \(id) is capped")
            try requireEqual(try await store.attempts(taskID: id).last?.error, expected, "the attempt's error of \(id) is capped")
        }
        let events = try await store.events(after: 0, limit: 100).filter { $0.error != nil }
        try require(events.allSatisfy { ($0.error?.utf8.count ?? 0) <= ErrorText.limit }, "events keep capped errors")
        try requireEqual(try await store.task(id: claims[3].task.id).lastError, "short and kept", "a short error is unchanged")
    }

    /// A task's signature is stored byte for byte and read back by every read, through a claim and its
    /// resolution: the engine verifies it against the task's fields, so a store must change neither.
    func signatureIsKeptAsWritten() async throws {
        try await makeQueue()
        var signed = makeTask("s1", payload: "{}", deadline: now + .seconds(60))
        signed.signature = String(repeating: "0123456789abcdef", count: 8)
        try await store.enqueue([signed, makeTask("u1", sequence: 1)])
        try requireEqual(try await store.task(id: "s1").signature, signed.signature, "signature read back")
        try requireEqual(try await store.task(id: "u1").signature, nil, "an unsigned task has no signature")
        let claim = try await claimOne()
        try requireEqual(claim.task.signature, signed.signature, "signature of the claimed task")
        try requireEqual(TaskSignature.signedText(of: claim.task), TaskSignature.signedText(of: signed),
                         "signed fields of the claimed task")
        try await store.resolve(claim, .complete(result: nil))
        try requireEqual(try await store.tasks(TaskFilter(states: [.complete])).first?.signature, signed.signature,
                         "signature in a listing")
    }
}
