import AsyncJobs

/// The operator's actions. A terminate removes the waiting task's work item before it writes `terminated`,
/// so no worker that honours the layout, Go or ours, runs it again (Go workers do not check the state).
extension JetStreamStore {
    @discardableResult
    public func retry(taskID: String, queue: String?) async throws -> JobTask {
        try await write("retrying task \(taskID)") { try await retryHoldingGate(taskID, into: queue) }
    }

    @discardableResult
    public func terminate(taskID: String) async throws -> JobTask {
        try await write("terminating task \(taskID)") { try await terminateHoldingGate(taskID) }
    }

    public func deleteTask(id: String) async throws {
        try await write("deleting task \(id)") {
            guard read({ $0.tasks[id] }) != nil else { throw JobError.taskNotFound(id) }
            try await eraseTask(id)
        }
    }

    @discardableResult
    public func purgeTasks(queue: String?, states: Set<TaskState>) async throws -> Int {
        try await write("purging tasks") {
            if let queue { _ = try read { mirror throws(JobError) in try mirror.queue(queue) } }
            let doomed = read { mirror in
                mirror.tasks.values.map(\.listed).filter { task in
                    states.contains(task.state) && task.state != .active && (queue == nil || task.queue == queue)
                        && !(mirror.run(of: task.id)?.item?.isLeased ?? false)
                }.map(\.id)
            }
            for id in doomed { try await eraseTask(id) }
            return doomed.count
        }
    }

    @discardableResult
    public func apply(_ action: BulkAction, to taskIDs: [String]) async throws -> BulkOutcome {
        try await write("\(action) of \(taskIDs.count) task(s)") {
            var outcome = BulkOutcome()
            for id in taskIDs {
                do {
                    switch action {
                    case .retry: _ = try await retryHoldingGate(id, into: nil)
                    case .terminate:
                        if try await terminateHoldingGate(id).state != .terminated { outcome.asked += 1 }
                    case .delete:
                        guard read({ $0.tasks[id] }) != nil else { throw JobError.taskNotFound(id) }
                        try await eraseTask(id)
                    }
                    outcome.applied += 1
                } catch let error as JobError where error.skipsBulkTask {
                    outcome.skipped += 1
                }
            }
            return outcome
        }
    }

    /// asyncjobs' `RetryTaskByID`: state `retry`, result cleared, the item published again (without
    /// `Nats-Msg-Id`, so deduplication cannot swallow it); tries restart and a past deadline is cleared.
    private func retryHoldingGate(_ taskID: String, into queue: String?) async throws -> JobTask {
        let now = clock.now()
        guard var record = try await wholeTask(taskID), var run = read({ $0.run(of: taskID) }) else {
            throw JobError.taskNotFound(taskID)
        }
        var task = record.task
        guard task.state.isRetryable, !(run.item?.isLeased ?? false) else {
            throw JobError.invalidState(taskID: taskID, state: task.state, action: "retry")
        }
        let destination = queue ?? task.queue
        guard read({ $0.queues[destination] }) != nil else { throw JobError.queueNotFound(destination) }
        let moving = destination != (run.item?.queue ?? task.queue)
        // A task whose dependencies have not all completed (an operator may be retrying the failed one too)
        // waits for them again, with no item.
        let blocked = !dependenciesComplete(task)
        if let old = run.item, old.published, moving || blocked { try await deleteItem(queue: old.queue, task: taskID) }
        if blocked {
            run.item = nil
        } else {
            var item = run.item ?? RunRecord.Item(queue: destination, available: now, enqueued: now, published: false,
                                                  lease: nil, terminateRequested: false)
            if moving {
                item.queue = destination
                item.enqueued = now
            }
            item.available = now
            item.terminateRequested = false
            item.published = true
            run.item = item
        }
        try await putRun(run, of: taskID)
        task.queue = destination
        task.state = blocked ? .blocked : .retry
        task.tries = 0
        task.result = nil
        if let deadline = task.deadline, deadline <= now { task.deadline = nil }
        record.task = task
        try await putTask(record)
        if !blocked { try await publishItem(queue: destination, task: taskID, dedupe: nil) }
        try await publishEvent(task, at: now)
        return task
    }

    /// A waiting task ends `terminated` at once (its item deleted first); one leased by this engine is
    /// flagged for its worker; one a Go worker runs (`active` with no lease here) loses its item and is
    /// written `terminated`, so that worker's later write fails its compare-and-set.
    private func terminateHoldingGate(_ taskID: String) async throws -> JobTask {
        let now = clock.now()
        guard let task = try await wholeTask(taskID)?.task, var run = read({ $0.run(of: taskID) }) else {
            throw JobError.taskNotFound(taskID)
        }
        guard !task.state.isFinal else { throw JobError.invalidState(taskID: taskID, state: task.state, action: "terminate") }
        if var item = run.item, item.isLeased {
            item.terminateRequested = true
            run.item = item
            try await putRun(run, of: taskID)
            return task
        }
        try await deleteItem(queue: run.item?.queue ?? task.queue, task: taskID)
        run.item = nil
        try await putRun(run, of: taskID)
        // A Go worker may write the record at the same moment: terminated on top of whatever it wrote, unless
        // that already ended the task.
        let terminated = try await updateTask(taskID) { current in
            guard !current.state.isFinal else { return nil }
            var task = current
            task.state = .terminated
            task.lastError = AttemptRules.operatorTerminateError
            return task
        }
        guard let terminated else { return try await wholeTask(taskID)?.task ?? task }
        try await publishEvent(terminated, at: now)
        try await settleDependents(of: taskID, parent: terminated, at: now)
        return terminated
    }
}
