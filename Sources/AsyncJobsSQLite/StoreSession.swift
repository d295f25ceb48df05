import AsyncJobs

/// The store's SQL: each ``AsyncJobs/JobStore`` operation as statements on one connection, inside a
/// transaction the caller opened (a write batch of ``GroupCommitWriter`` or a read snapshot).
///
/// `now` is read from the store's clock once the transaction holds its lock, so every time written by
/// one operation is the same instant and none is stale from waiting for the lock.
struct StoreSession {
    let db: Connection
    let now: Timestamp

    // MARK: Lookups shared by the operations

    /// The queue's settings and its maintained `active` counter; `queueNotFound` if none.
    func loadQueue(_ name: String) throws -> (queue: Queue, active: Int) {
        let row = try db.queryFirst("SELECT \(QueueRow.columns) FROM queues WHERE name = ?", name) { row in
            (QueueRow.decode(row), QueueRow.active(row))
        }
        guard let row else { throw JobError.queueNotFound(name) }
        return row
    }

    /// The task's row id and the task; `taskNotFound` if none.
    func loadTask(_ id: String) throws -> (rid: Int64, task: JobTask) {
        let row = try db.queryFirst("SELECT t.rid, \(TaskRow.columns) FROM tasks t WHERE t.id = ?", id) { row in
            (row.int64(0), try TaskRow.decode(row, from: 1))
        }
        guard let row else { throw JobError.taskNotFound(id) }
        return row
    }

    /// The task with row id `rid`, as it is now in this transaction.
    func loadTask(rid: Int64) throws -> JobTask {
        let task = try db.queryFirst("SELECT \(TaskRow.columns) FROM tasks t WHERE t.rid = ?", rid) { row in
            try TaskRow.decode(row)
        }
        guard let task else { throw JobError.storage("task row \(rid) vanished inside its transaction") }
        return task
    }

    // MARK: State changes shared by the operations

    /// Appends the task's current state to the event log.
    func recordEvent(rid: Int64) throws {
        try db.execute("""
            INSERT INTO events(at_ns, task_id, queue, type, state, tries, error)
            SELECT ?, id, queue, type, state, tries, last_err FROM tasks WHERE rid = ?
            """, now, rid)
    }

    /// Sets the task's state and error, and records the event. `tried` marks an attempt that just ended.
    func setState(rid: Int64, _ state: TaskState, error: String?, tried: Bool) throws {
        try db.execute("""
            UPDATE tasks SET state = ?, last_err = ?, tried_ns = CASE WHEN ? THEN ? ELSE tried_ns END WHERE rid = ?
            """, state.rawValue, error, tried, now, rid)
        try recordEvent(rid: rid)
    }

    /// Ends the task's life in a final state (or any state without a work item): removes its item, then
    /// sets the state.
    func finish(rid: Int64, state: TaskState, error: String?, tried: Bool) throws {
        try db.execute("DELETE FROM items WHERE task = ?", rid)
        try setState(rid: rid, state, error: error, tried: tried)
    }

    /// Puts a leased task back in its queue as `retry`, runnable at `at`, after an attempt that just ended.
    func requeue(rid: Int64, at: Timestamp, error: String?) throws {
        try db.execute("UPDATE items SET \(Self.releasedLease), available_ns = ? WHERE task = ?", at, rid)
        try setState(rid: rid, .retry, error: error, tried: true)
    }

    /// The `SET` list that releases an item's lease. `attempt` and `attempt_row` keep describing the last
    /// lease (a `RETURNING` clause after the release still finds its attempt row); without an owner no
    /// fence can match them.
    static let releasedLease = "lease_owner = NULL, lease_started_ns = NULL, lease_expires_ns = NULL"

    /// The `WHERE` condition that an item is still leased by a claim: task id, worker, attempt and start
    /// time, bound in that order (see ``leaseFence(_:)``).
    static let leaseFenceSQL = """
        task = (SELECT rid FROM tasks WHERE id = ?) AND lease_owner = ? AND attempt = ? AND lease_started_ns = ?
        """

    /// The values of ``leaseFenceSQL`` for `claim`.
    static func leaseFence(_ claim: Claim) -> [any SQLValueConvertible] {
        [claim.task.id, claim.worker, claim.attempt, claim.started]
    }

    /// Closes an attempt's history row.
    func endAttempt(row: Int64, outcome: Attempt.Outcome, error: String?) throws {
        try db.execute("UPDATE attempts SET ended_ns = ?, outcome = ?, error = ? WHERE seq = ?",
                       now, outcome.rawValue, error, row)
    }

    /// Adds `delta` to the queue's count of held leases.
    func adjustActive(queue: String, by delta: Int) throws {
        guard delta != 0 else { return }
        try db.execute("UPDATE queues SET active = active + ? WHERE name = ?", delta, queue)
    }

    /// Deletes tasks chosen by `selection` (a `SELECT` of task row ids, with `values`) with their items
    /// and history; returns how many tasks went.
    ///
    /// The ids are collected into a temporary table first, so the selection may read any of the tables
    /// being deleted from.
    func deleteTasks(where selection: String, _ values: [any SQLValueConvertible]) throws -> Int {
        try db.execute("CREATE TEMP TABLE IF NOT EXISTS doomed(rid INTEGER PRIMARY KEY)")
        try db.execute("DELETE FROM doomed")
        try db.execute("INSERT INTO doomed(rid) \(selection)", values)
        try db.execute("DELETE FROM attempts WHERE task IN (SELECT rid FROM doomed)")
        try db.execute("DELETE FROM items WHERE task IN (SELECT rid FROM doomed)")
        let deleted = try db.execute("DELETE FROM tasks WHERE rid IN (SELECT rid FROM doomed)")
        try db.execute("DELETE FROM doomed")
        return deleted
    }
}
