import AsyncJobs

extension StoreSession {
    /// Makes a retryable task runnable now with its tries restarted and a past deadline cleared; the
    /// attempt history stays.
    func retry(taskID: String) throws -> JobTask {
        let (rid, task) = try loadTask(taskID)
        guard task.state.isRetryable else {
            throw JobError.invalidState(taskID: taskID, state: task.state, action: "retry")
        }
        _ = try loadQueue(task.queue)
        // A task already waiting in `retry` keeps its place (and MaxAge clock); any other joins the queue now.
        let updated = try db.queryFirst("""
            UPDATE tasks SET state = 'retry', tries = 0, result = NULL, completed_ns = NULL,
                deadline_ns = CASE WHEN deadline_ns <= ?1 THEN NULL ELSE deadline_ns END,
                enqueued_ns = CASE WHEN available_ns IS NULL THEN ?1 ELSE enqueued_ns END,
                available_ns = ?1, terminate_requested = 0
            WHERE rid = ?2 RETURNING \(TaskColumns.returningColumns)
            """, now, rid) { try TaskColumns.decode($0) }
        guard let updated else { throw JobError.storage("task row \(rid) vanished inside its transaction") }
        counters.move(queue: task.queue, from: task.state, to: .retry)
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
