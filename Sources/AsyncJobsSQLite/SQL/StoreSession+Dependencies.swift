import AsyncJobs

/// Task dependencies (``AsyncJobs/DependencyRules``): a blocked task has no place in its queue
/// (`available_ns` NULL) and one row per dependency in the `dependencies` table, which is how the write that
/// completes, fails or deletes a task finds the tasks waiting on it.
extension StoreSession {
    /// The state a task enqueued now starts in, its error, and the dependency results it loads; `taskNotFound`
    /// for a dependency that does not exist (tasks earlier in the batch are already rows).
    func initialState(of task: JobTask) throws -> (TaskState, String?, [String: TaskResult]) {
        guard !task.dependencies.isEmpty else { return (.new, nil, [:]) }
        var parents: [(id: String, task: JobTask?)] = []
        for id in task.dependencies {
            guard let parent = try? loadTask(id).task else { throw JobError.taskNotFound(id) }
            parents.append((id, parent))
        }
        let (state, error) = DependencyRules.initialState(of: parents)
        let results = state == .new && task.loadDependencies ? DependencyRules.results(of: parents.compactMap(\.task)) : [:]
        return (state, error, results)
    }

    /// Records that task row `rid` depends on each of `task`'s dependencies.
    func recordDependencies(of task: JobTask, rid: Int64) throws {
        for parent in task.dependencies {
            try db.execute("INSERT OR IGNORE INTO dependencies(parent, child) VALUES (?, ?)", parent, rid)
        }
    }

    /// The tasks that name `taskID` as a dependency, oldest first; `taskNotFound` if no task has the id.
    func dependents(taskID: String) throws -> [JobTask] {
        _ = try loadTask(taskID)
        return try db.query("""
            SELECT \(TaskColumns.columns) FROM dependencies d JOIN tasks t ON t.rid = d.child
            WHERE d.parent = ? ORDER BY t.created_ns, t.id
            """, taskID) { try TaskColumns.decode($0) }
    }

    /// Whether every dependency of task row `rid` completed (``AsyncJobs/DependencyRules/isSatisfied(_:)``:
    /// one no longer in the store counts as complete).
    func dependenciesComplete(rid: Int64) throws -> Bool {
        try db.scalar("""
            SELECT count(*) FROM dependencies d JOIN tasks p ON p.id = d.parent WHERE d.child = ? AND p.state != 'complete'
            """, rid) == 0
    }

    /// Applies the dependency rules to the tasks blocked on `parent`, which is now in `state` (nil: deleted):
    /// complete makes each whose dependencies all completed runnable now; a failed state or a deletion makes
    /// every blocked task below it unreachable, at any depth (each unreachable one settles its own in turn).
    func settleDependents(of parentID: String, state: TaskState?, error: String?) throws {
        guard state == nil || state == .complete || DependencyRules.failedStates.contains(state!) else { return }
        let blocked = try db.query("""
            SELECT t.rid, t.load_dependencies FROM dependencies d JOIN tasks t ON t.rid = d.child
            WHERE d.parent = ? AND t.state = 'blocked' ORDER BY t.created_ns, t.id
            """, parentID) { (rid: $0.int64(0), loads: $0.int64(1) != 0) }
        guard !blocked.isEmpty else { return }
        guard let state, state == .complete else {
            let failure = state.map {
                DependencyRules.failureError(parent: JobTask(id: parentID, type: "-", state: $0, lastError: error))
            } ?? DependencyRules.deletedError(parent: parentID)
            // setState settles each one's own dependents: the cascade goes as deep as the chain.
            for child in blocked {
                try setState(rid: child.rid, from: .blocked, to: .unreachable, error: failure, tried: false, work: .none)
            }
            return
        }
        for child in blocked where try dependenciesComplete(rid: child.rid) {
            let results = child.loads ? DependencyRules.results(of: try db.query("""
                SELECT \(TaskColumns.columns) FROM dependencies d JOIN tasks t ON t.id = d.parent WHERE d.child = ?
                """, child.rid) { try TaskColumns.decode($0) }) : [:]
            let task = try db.queryFirst("""
                UPDATE tasks SET state = 'new', enqueued_ns = ?1, available_ns = ?1, ready_ns = NULL, dependency_results = ?2
                WHERE rid = ?3 RETURNING \(TaskColumns.returningColumns)
                """, now, TaskColumns.dependencyResultsColumn(results), child.rid) { try TaskColumns.decode($0) }
            guard let task else { throw JobError.storage("task row \(child.rid) vanished inside its transaction") }
            counters.move(queue: task.queue, from: .blocked, to: .new)
            try recordEvent(task)
        }
    }
}
