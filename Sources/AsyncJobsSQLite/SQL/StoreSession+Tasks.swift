import AsyncJobs

extension StoreSession {
    /// Enqueues every task or none: validates all, makes room under MaxEntries, then inserts each task
    /// with a work item runnable now.
    func enqueue(_ tasks: [JobTask]) throws {
        var seen = Set<String>()
        var perQueue: [String: Int] = [:]
        for task in tasks {
            try task.validate()
            guard seen.insert(task.id).inserted else { throw JobError.taskExists(task.id) }
            perQueue[task.queue, default: 0] += 1
        }
        for (name, incoming) in perQueue.sorted(by: { $0.key < $1.key }) {
            if name == Queue.defaultName { try insertQueue(.defaultQueue) }
            try makeRoom(in: loadQueue(name).queue, for: incoming)
        }
        guard !tasks.isEmpty else { return }
        // New row ids are always above every existing one, so this batch's rows are exactly the range
        // first...last: events are then written by one statement per batch, not one per task.
        var first: Int64?
        for task in tasks {
            let (state, error, results) = try initialState(of: task)
            let inserted = try db.execute("""
                INSERT INTO tasks(id, type, queue, payload, deadline_ns, max_tries, state, created_ns, tries,
                    enqueued_ns, available_ns, last_err, signature, dependencies, load_dependencies, dependency_results)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING
                """, [task.id, task.type, task.queue, task.payload, task.deadline, task.maxTries, state.rawValue, task.created,
                      now, state == .new ? now : nil, error, task.signature, TaskColumns.dependenciesColumn(task),
                      task.loadDependencies, TaskColumns.dependencyResultsColumn(results)])
            guard inserted == 1 else { throw JobError.taskExists(task.id) }
            if first == nil { first = db.lastInsertRowID }
            counters.add(queue: task.queue, state: state)
            if !task.dependencies.isEmpty { try recordDependencies(of: task, rid: db.lastInsertRowID) }
        }
        try db.execute("""
            INSERT INTO events(at_ns, task_id, queue, type, state, tries, error)
            SELECT ?1, id, queue, type, state, tries, last_err FROM tasks WHERE rid BETWEEN ?2 AND ?3 ORDER BY rid
            """, now, first ?? 0, db.lastInsertRowID)
    }

    /// Enforces MaxEntries before `incoming` tasks join `queue`: refuses with `queueFull`, or with
    /// DiscardOld expires the oldest waiting tasks to make room.
    private func makeRoom(in queue: Queue, for incoming: Int) throws {
        guard queue.maxEntries > 0 else { return }
        let waiting = try waitingCount(queue: queue.name)
        let excess = waiting + incoming - queue.maxEntries
        guard excess > 0 else { return }
        guard queue.discardOld, excess <= waiting else { throw JobError.queueFull(queue.name) }
        let oldest = try db.query("""
            SELECT rid, state FROM tasks WHERE queue = ? AND lease_owner IS NULL AND available_ns IS NOT NULL
            ORDER BY enqueued_ns, id LIMIT ?
            """, queue.name, excess) { (rid: $0.int64(0), state: try TaskColumns.state($0, 1)) }
        for task in oldest {
            try finish(rid: task.rid, from: task.state, to: .expired, error: StoreSession.discardedError(queue), tried: false)
        }
    }

    /// The error of a task dropped to make room in a full DiscardOld queue.
    static func discardedError(_ queue: Queue) -> String {
        "discarded: queue \(queue.name) reached MaxEntries (\(queue.maxEntries)) and discards its oldest tasks"
    }

    /// Tasks waiting in the queue (`new` and `retry`), from the maintained counts.
    func waitingCount(queue: String) throws -> Int {
        Int(try db.scalar("SELECT sum(n) FROM counts WHERE queue = ? AND state IN ('new', 'retry')", queue) ?? 0)
    }

    /// Deletes a task with its history; a held lease is released so MaxConcurrent frees up.
    func deleteTask(id: String) throws {
        let (rid, task) = try loadTask(id)
        let leased = try db.scalar("SELECT 1 FROM tasks WHERE rid = ? AND lease_owner IS NOT NULL", rid) != nil
        if leased { counters.addLeases(-1, queue: task.queue) }
        _ = try deleteTasks(where: "SELECT ?", [rid])
    }

    /// Deletes the tasks in `states` (never `active` ones) of one queue or all; returns how many.
    /// Works partition by partition, so each delete walks the (queue, state) index.
    func purgeTasks(queue: String?, states: Set<TaskState>) throws -> Int {
        if let queue { _ = try loadQueue(queue) }
        let purgeable = states.subtracting([.active])
        guard !purgeable.isEmpty else { return 0 }
        var deleted = 0
        for partition in try partitions(of: TaskFilter(queue: queue, states: purgeable)) ?? [] {
            deleted += try deleteTasks(where: "SELECT rid FROM tasks WHERE queue = ? AND state = ?",
                                       [partition.queue, partition.state.rawValue])
        }
        return deleted
    }

    /// Every attempt of the task, oldest first: the ended ones from the history, then the running one,
    /// which is the task's lease.
    func attempts(taskID: String) throws -> [Attempt] {
        let (rid, _) = try loadTask(taskID)
        let running = try db.queryFirst("""
            SELECT attempts, lease_owner, lease_started_ns FROM tasks WHERE rid = ? AND lease_owner IS NOT NULL
            """, rid) { row in
            Attempt(n: row.int(0), worker: row.text(1), started: Timestamp(nanoseconds: row.int64(2)), ended: nil,
                    outcome: .running, error: nil)
        }
        return try db.query("""
            SELECT n, worker, started_ns, ended_ns, outcome, error FROM attempts WHERE task = ? ORDER BY seq
            """, rid) { row in
            guard let outcome = Attempt.Outcome(rawValue: row.text(4)) else {
                throw JobError.storage("attempt \(row.int(0)) of task \(taskID) has an unknown outcome \"\(row.text(4))\"")
            }
            return Attempt(n: row.int(0), worker: row.text(1), started: Timestamp(nanoseconds: row.int64(2)),
                           ended: row.optionalInt64(3).map(Timestamp.init(nanoseconds:)), outcome: outcome,
                           error: row.optionalText(5))
        } + (running.map { [$0] } ?? [])
    }
}
