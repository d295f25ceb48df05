import AsyncJobs

/// Task dependencies (``DependencyRules``): a task with dependencies waits `blocked` with no work item; the
/// operation that completes its last dependency publishes its item, and the one that fails or deletes a
/// dependency makes every blocked task below it `unreachable`. (asyncjobs instead publishes a blocked task's
/// item and NAKs it every 5 s, which burns its MaxDeliver; a Go-enqueued blocked task is treated that way.)
extension JetStreamStore {
    public func dependents(taskID: String) async throws -> [JobTask] {
        try read { mirror throws(JobError) in
            guard mirror.tasks[taskID] != nil else { throw .taskNotFound(taskID) }
            return (mirror.dependents[taskID] ?? []).compactMap { mirror.tasks[$0]?.listed }
                .sorted { ($0.created, $0.id) < ($1.created, $1.id) }
        }
    }

    /// Whether every dependency of `task` completed (a deleted one counts: see ``DependencyRules/isSatisfied(_:)``).
    func dependenciesComplete(_ task: JobTask) -> Bool {
        read { mirror in task.dependencies.allSatisfy { DependencyRules.isSatisfied(mirror.tasks[$0]?.listed.state) } }
    }

    /// `task` with the dependency results it loads, taken from the mirror.
    func loadingResults(_ task: JobTask) -> JobTask {
        guard task.loadDependencies else { return task }
        var loaded = task
        loaded.dependencyResults = read { mirror in
            DependencyRules.results(of: task.dependencies.compactMap { mirror.tasks[$0]?.listed })
        }
        return loaded
    }

    /// Applies ``DependencyRules`` to the tasks blocked on task `id`, which just completed, failed or went
    /// (`parent` nil): each whose dependencies all completed becomes runnable now, and every blocked task
    /// below a failed or deleted one becomes unreachable, at any depth. Nothing for any other state.
    func settleDependents(of id: String, parent: JobTask?, at now: Timestamp) async throws {
        if let parent, parent.state != .complete, !DependencyRules.failedStates.contains(parent.state) { return }
        let blocked = read { mirror in
            (mirror.dependents[id] ?? []).compactMap { mirror.tasks[$0] }.filter { $0.compact.state == .blocked }
                .sorted { ($0.compact.created, $0.id) < ($1.compact.created, $1.id) }
        }
        for child in blocked {
            // Changed since the mirror had it blocked (a store without payloads reads the record again):
            // settled by whoever changed it.
            guard var record = try await wholeTask(child.id), record.sequence == child.sequence else { continue }
            var task = record.task
            guard let parent, parent.state == .complete else {
                task.state = .unreachable
                task.lastError = parent.map(DependencyRules.failureError(parent:)) ?? DependencyRules.deletedError(parent: id)
                record.task = task
                guard try await putIfUnchanged(record) else { continue }
                try await publishEvent(task, at: now)
                try await settleDependents(of: task.id, parent: task, at: now)
                continue
            }
            guard dependenciesComplete(task) else { continue }
            task = loadingResults(task)
            task.state = .new
            var run = read { $0.run(of: task.id) } ?? .empty
            run.item = RunRecord.Item(queue: task.queue, available: now, enqueued: now, published: true, lease: nil,
                                      terminateRequested: false)
            try await putRun(run, of: task.id)
            record.task = task
            guard try await putIfUnchanged(record) else { continue }
            try await publishItem(queue: task.queue, task: task.id, dedupe: nil)
            try await publishEvent(task, at: now)
        }
    }

    /// Writes `record` unless another process changed it since it was read (then it settled it).
    private func putIfUnchanged(_ record: WholeTask) async throws -> Bool {
        do {
            try await putTask(record)
            return true
        } catch is Conflict {
            try await refresh(record.task.id)
            return false
        }
    }
}

extension Mirror {
    /// The state and error each task of a batch starts in, dependencies considered (parents earlier in the
    /// batch included); `taskNotFound` for a dependency that exists nowhere.
    func initialStates(of batch: [JobTask]) throws(JobError) -> [(state: TaskState, error: String?)] {
        var earlier: [String: JobTask] = [:]
        var states: [(state: TaskState, error: String?)] = []
        for task in batch {
            var parents: [(id: String, task: JobTask?)] = []
            for dependency in task.dependencies {
                guard let parent = earlier[dependency] ?? tasks[dependency]?.listed else { throw .taskNotFound(dependency) }
                parents.append((dependency, parent))
            }
            let start = task.dependencies.isEmpty ? (TaskState.new, String?.none) : DependencyRules.initialState(of: parents)
            states.append(start)
            var written = task
            written.state = start.0
            earlier[task.id] = written
        }
        return states
    }
}
