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
        try db.execute("""
            UPDATE tasks SET state = 'retry', tries = 0, result = NULL, completed_ns = NULL,
                deadline_ns = CASE WHEN deadline_ns <= ? THEN NULL ELSE deadline_ns END
            WHERE rid = ?
            """, now, rid)
        // A task already waiting in `retry` keeps its item; any other gets a fresh one.
        try db.execute("""
            INSERT INTO items(task, queue, enqueued_ns, available_ns) VALUES (?, ?, ?, ?)
            ON CONFLICT(task) DO UPDATE SET available_ns = excluded.available_ns, terminate_requested = 0
            """, rid, task.queue, now, now)
        try recordEvent(rid: rid)
        return try loadTask(rid: rid)
    }

    /// Terminates a waiting task at once, or asks the worker holding an active one to stop.
    func terminate(taskID: String) throws -> JobTask {
        let (rid, task) = try loadTask(taskID)
        guard !task.state.isFinal else {
            throw JobError.invalidState(taskID: taskID, state: task.state, action: "terminate")
        }
        if task.state == .active {
            try db.execute("UPDATE items SET terminate_requested = 1 WHERE task = ?", rid)
            return task
        }
        try finish(rid: rid, state: .terminated, error: AttemptRules.operatorTerminateError, tried: false)
        return try loadTask(rid: rid)
    }
}
