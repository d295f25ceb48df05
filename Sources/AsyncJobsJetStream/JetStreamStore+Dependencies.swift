import AsyncJobs

/// Task dependencies (``DependencyRules``): a task with dependencies waits `blocked` with no work item; the
/// operation that completes its last dependency publishes its item, and the one that fails or deletes a
/// dependency makes every blocked task below it `unreachable`. (asyncjobs instead publishes a blocked task's
/// item and NAKs it every 5 s, which burns its MaxDeliver; a Go-enqueued blocked task is treated that way.)
extension JetStreamStore {
    public func dependents(taskID: String) async throws -> [JobTask] {
        try read { mirror throws(JobError) in
            guard mirror.tasks[taskID] != nil else { throw .taskNotFound(taskID) }
            return (mirror.dependents[taskID] ?? []).compactMap { mirror.tasks[$0]?.value }
                .sorted { ($0.created, $0.id) < ($1.created, $1.id) }
        }
    }

    /// Whether every dependency of `task` completed (a deleted one counts: see ``DependencyRules/isSatisfied(_:)``).
    func dependenciesComplete(_ task: JobTask) -> Bool {
        read { mirror in task.dependencies.allSatisfy { DependencyRules.isSatisfied(mirror.tasks[$0]?.value.state) } }
    }

    /// `task` with the dependency results it loads, taken from the mirror.
    func loadingResults(_ task: JobTask) -> JobTask {
        guard task.loadDependencies else { return task }
        var loaded = task
        loaded.dependencyResults = read { mirror in
            DependencyRules.results(of: task.dependencies.compactMap { mirror.tasks[$0]?.value })
        }
        return loaded
    }

    /// Applies ``DependencyRules`` to the tasks blocked on task `id`, which just completed, failed or went
    /// (`parent` nil): each whose dependencies all completed becomes runnable now, and every blocked task
    /// below a failed or deleted one becomes unreachable, at any depth. Nothing for any other state.
    func settleDependents(of id: String, parent: JobTask?, at now: Timestamp) async throws {
        if let parent, parent.state != .complete, !DependencyRules.failedStates.contains(parent.state) { return }
        let blocked = read { mirror in
            (mirror.dependents[id] ?? []).compactMap { mirror.tasks[$0] }.filter { $0.value.state == .blocked }
                .sorted { ($0.value.created, $0.value.id) < ($1.value.created, $1.value.id) }
        }
        for child in blocked {
            var task = child.value
            guard let parent, parent.state == .complete else {
                task.state = .unreachable
                task.lastError = parent.map(DependencyRules.failureError(parent:)) ?? DependencyRules.deletedError(parent: id)
                guard try await putIfUnchanged(task, expecting: child.sequence) else { continue }
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
            guard try await putIfUnchanged(task, expecting: child.sequence) else { continue }
            try await publishItem(queue: task.queue, task: task.id, dedupe: nil)
            try await publishEvent(task, at: now)
        }
    }

    /// Writes `task` unless another process changed its record since `sequence` (then it settled it).
    private func putIfUnchanged(_ task: JobTask, expecting sequence: UInt64) async throws -> Bool {
        do {
            try await putTask(task, expecting: sequence)
            return true
        } catch is Conflict {
            try await refresh(task.id)
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
                guard let parent = earlier[dependency] ?? tasks[dependency]?.value else { throw .taskNotFound(dependency) }
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
