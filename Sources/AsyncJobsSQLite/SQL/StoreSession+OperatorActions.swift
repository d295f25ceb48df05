import AsyncJobs

extension StoreSession {
    /// Makes a retryable task runnable now with its tries restarted and a past deadline cleared, in
    /// `queue` when given (moving it there); the attempt history stays.
    func retry(taskID: String, queue: String?) throws -> JobTask {
        let (rid, task) = try loadTask(taskID)
        guard task.state.isRetryable else {
            throw JobError.invalidState(taskID: taskID, state: task.state, action: "retry")
        }
        let destination = queue ?? task.queue
        _ = try loadQueue(destination)
        let moving = destination != task.queue
        // A task already waiting in `retry` in its own queue keeps its place (and MaxAge clock); any other
        // joins the queue now.
        let updated = try db.queryFirst("""
            UPDATE tasks SET state = 'retry', tries = 0, result = NULL, completed_ns = NULL, queue = ?3,
                deadline_ns = CASE WHEN deadline_ns <= ?1 THEN NULL ELSE deadline_ns END,
                enqueued_ns = CASE WHEN available_ns IS NULL OR ?4 THEN ?1 ELSE enqueued_ns END,
                available_ns = ?1, ready_ns = NULL, terminate_requested = 0
            WHERE rid = ?2 RETURNING \(TaskColumns.returningColumns)
            """, now, rid, destination, moving) { try TaskColumns.decode($0) }
        guard var updated else { throw JobError.storage("task row \(rid) vanished inside its transaction") }
        // A task whose dependencies have not all completed waits for them again (an operator may be
        // retrying the failed dependency too).
        if !updated.dependencies.isEmpty, try !dependenciesComplete(rid: rid) {
            try db.execute("UPDATE tasks SET state = 'blocked', \(Self.noWork) WHERE rid = ?", rid)
            updated.state = .blocked
        }
        counters.add(-1, queue: task.queue, state: task.state)
        counters.add(1, queue: destination, state: updated.state)
        try recordEvent(updated)
        return updated
    }

    /// Terminates a waiting task at once, or asks the worker holding an active one to stop.
    func terminate(taskID: String) throws -> JobTask {
        let (rid, task) = try loadTask(taskID)
        guard !task.state.isFinal else {
            throw JobError.invalidState(taskID: taskID, state: task.state, action: "terminate")
        }
        if task.state == .active {
            try db.execute("UPDATE tasks SET terminate_requested = 1 WHERE rid = ?", rid)
            return task
        }
        return try setState(rid: rid, from: task.state, to: .terminated, error: AttemptRules.operatorTerminateError,
                            tried: false, work: .none)
    }
}
