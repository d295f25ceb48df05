import AsyncJobs

/// The store's SQL: each ``AsyncJobs/JobStore`` operation as statements on one connection, inside a
/// transaction the caller opened (a write batch of ``GroupCommitWriter`` or a read snapshot).
///
/// `now` is read from the store's clock once the transaction holds its lock, so every time written by
/// one operation is the same instant and none is stale from waiting for the lock.
struct StoreSession {
    let db: Connection
    let now: Timestamp
    /// Counter changes of this operation, applied once when it ends (see ``finishWrite()``).
    let counters = CounterChanges()
    /// What this operation adds to the per-minute history; the store writes it with the rest of the
    /// transaction's (``MinuteStatsChanges``).
    let stats = MinuteStatsChanges()

    /// Applies the operation's counter changes; the store calls it after every write operation.
    func finishWrite() throws {
        try counters.apply(to: db)
    }

    // MARK: Lookups shared by the operations

    /// The queue's settings and its maintained `active` counter; `queueNotFound` if none.
    func loadQueue(_ name: String) throws -> (queue: Queue, active: Int) {
        let row = try db.queryFirst("SELECT \(QueueColumns.columns) FROM queues WHERE name = ?", name) { row in
            (QueueColumns.decode(row), QueueColumns.active(row))
        }
        guard let row else { throw JobError.queueNotFound(name) }
        return row
    }

    /// The task's row id and the task; `taskNotFound` if none.
    func loadTask(_ id: String) throws -> (rid: Int64, task: JobTask) {
        let row = try db.queryFirst("SELECT t.rid, \(TaskColumns.columns) FROM tasks t WHERE t.id = ?", id) { row in
            (row.int64(0), try TaskColumns.decode(row, from: 1))
        }
        guard let row else { throw JobError.taskNotFound(id) }
        return row
    }

    // MARK: State changes shared by the operations

    /// Appends the task's state, as it now is, to the event log.
    func recordEvent(_ task: JobTask) throws {
        try recordEvent(taskID: task.id, queue: task.queue, type: task.type, state: task.state, tries: task.tries,
                        error: task.lastError)
    }

    /// Appends a state change to the event log.
    func recordEvent(taskID: String, queue: String, type: String, state: TaskState, tries: Int, error: String?) throws {
        stats.ledger.taskChanged(queue: queue, type: type, to: state, at: now)
        try db.execute("""
            INSERT INTO events(at_ns, task_id, queue, type, state, tries, error) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, now, taskID, queue, type, state.rawValue, tries, error)
    }

    /// What a state change does to the task's place in its queue.
    enum Work {
        /// The task keeps waiting, or keeps its lease.
        case unchanged
        /// The task leaves the queue (a final state): no place, no lease.
        case none
        /// The lease is released and the task waits again, claimable from `at`; its next attempt's wait
        /// counts from `ready` (nil: from `at`).
        case waiting(at: Timestamp, ready: Timestamp? = nil)
    }

    /// Moves the task from `old` to `state` with `error`, changes its place in the queue as `work`
    /// says, and records the event. `tried` marks an attempt that just ended. Returns the task as it now is.
    @discardableResult
    func setState(rid: Int64, from old: TaskState, to state: TaskState, error: String?, tried: Bool,
                  work: Work = .unchanged) throws -> JobTask {
        let set = "state = ?, last_err = ?, tried_ns = CASE WHEN ? THEN ? ELSE tried_ns END"
        var values: [any SQLValueConvertible] = [state.rawValue, error, tried, now]
        let sql: String
        switch work {
        case .unchanged: sql = "UPDATE tasks SET \(set) WHERE rid = ?"
        case .none: sql = "UPDATE tasks SET \(set), \(Self.noWork) WHERE rid = ?"
        case .waiting(let at, let ready):
            sql = "UPDATE tasks SET \(set), \(Self.releasedLease), available_ns = ?, ready_ns = ? WHERE rid = ?"
            values += [at, ready] as [any SQLValueConvertible]
        }
        values.append(rid)
        let task = try db.queryFirst(sql + " RETURNING \(TaskColumns.returningColumns)", values) { try TaskColumns.decode($0) }
        guard let task else { throw JobError.storage("task row \(rid) vanished inside its transaction") }
        counters.move(queue: task.queue, from: old, to: state)
        try recordEvent(task)
        try settleDependents(of: task.id, state: state, error: task.lastError)
        return task
    }

    /// Ends the task's life in a final state (or any state without work): drops its place in the queue
    /// and any lease (whose counter the caller settles), then sets the state.
    func finish(rid: Int64, from old: TaskState, to state: TaskState, error: String?, tried: Bool) throws {
        try setState(rid: rid, from: old, to: state, error: error, tried: tried, work: .none)
    }

    /// Puts a leased task back in its queue as `retry`, runnable at `at` (its wait counted from `ready`),
    /// after an attempt that just ended.
    func requeue(rid: Int64, at: Timestamp, ready: Timestamp?, error: String?) throws {
        try setState(rid: rid, from: .active, to: .retry, error: error, tried: true, work: .waiting(at: at, ready: ready))
    }

    /// The `SET` list that releases a task's lease.
    static let releasedLease = "lease_owner = NULL, lease_started_ns = NULL, lease_expires_ns = NULL, terminate_requested = 0"

    /// The `SET` list of a task that no longer waits or runs: final, or otherwise out of its queue.
    /// (`enqueued_ns` is left as it was: it means something only while `available_ns` is set.)
    static let noWork = "\(releasedLease), available_ns = NULL"

    /// The `WHERE` condition that a task is still leased by a claim: task id, worker, attempt and start
    /// time, bound in that order (see ``leaseFence(_:)``).
    static let leaseFenceSQL = "id = ? AND lease_owner = ? AND attempts = ? AND lease_started_ns = ?"

    /// The values of ``leaseFenceSQL`` for `claim`.
    static func leaseFence(_ claim: Claim) -> [any SQLValueConvertible] {
        [claim.task.id, claim.worker, claim.attempt, claim.started]
    }

    /// Writes the history row of an attempt of task `taskID` that just ended.
    func recordAttempt(taskID: String, n: Int, worker: String, started: Timestamp, outcome: Attempt.Outcome,
                       error: String?) throws {
        try db.execute("""
            INSERT INTO attempts(task, n, worker, started_ns, ended_ns, outcome, error)
            VALUES ((SELECT rid FROM tasks WHERE id = ?), ?, ?, ?, ?, ?, ?)
            """, taskID, n, worker, started, now, outcome.rawValue, error)
    }

    /// Deletes tasks chosen by `selection` (a `SELECT` of task row ids, with `values`) with their
    /// history; returns how many tasks went. Leases they held are the caller's to settle.
    ///
    /// The ids are collected into a temporary table first, so the selection may read any of the tables
    /// being deleted from.
    func deleteTasks(where selection: String, _ values: [any SQLValueConvertible]) throws -> Int {
        try db.execute("CREATE TEMP TABLE IF NOT EXISTS doomed(rid INTEGER PRIMARY KEY)")
        try db.execute("DELETE FROM doomed")
        try db.execute("INSERT INTO doomed(rid) \(selection)", values)
        // Completed tasks' dependents were settled when they completed; the others' become unreachable.
        let unfinishedParents = try db.query("""
            SELECT DISTINCT t.id FROM tasks t JOIN dependencies d ON d.parent = t.id
            WHERE t.rid IN (SELECT rid FROM doomed) AND t.state != 'complete'
            """) { $0.text(0) }
        for partition in try db.query("""
            SELECT queue, state, count(*) FROM tasks WHERE rid IN (SELECT rid FROM doomed) GROUP BY queue, state
            """, row: { (queue: $0.text(0), state: try TaskColumns.state($0, 1), n: $0.int(2)) }) {
            counters.add(-partition.n, queue: partition.queue, state: partition.state)
        }
        try db.execute("DELETE FROM attempts WHERE task IN (SELECT rid FROM doomed)")
        try db.execute("DELETE FROM dependencies WHERE child IN (SELECT rid FROM doomed)")
        let deleted = try db.execute("DELETE FROM tasks WHERE rid IN (SELECT rid FROM doomed)")
        try db.execute("DELETE FROM doomed")
        for parent in unfinishedParents { try settleDependents(of: parent, state: nil, error: nil) }
        return deleted
    }
}
