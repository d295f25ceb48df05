import AsyncJobs

/// Putting work in, as asyncjobs' `EnqueueTask` does: the task record (expecting no earlier message on its
/// subject), then the work item with `Nats-Msg-Id` = the task id, then the `new` event.
extension JetStreamStore {
    public func enqueue(_ tasks: [JobTask]) async throws {
        for task in tasks { try task.validate() }
        try await write("enqueueing \(tasks.count) task(s)", exclusive: !standsAlone(tasks)) {
            let now = clock.now()
            var seen = Set<String>()
            var perQueue: [String: Int] = [:]
            for task in tasks {
                guard read({ $0.tasks[task.id] }) == nil, seen.insert(task.id).inserted else { throw JobError.taskExists(task.id) }
                if read({ $0.queues[task.queue] }) == nil {
                    try await refreshQueues(force: true)
                    if read({ $0.queues[task.queue] }) == nil {
                        guard task.queue == Queue.defaultName else { throw JobError.queueNotFound(task.queue) }
                    }
                }
            }
            // Dependencies: each must exist; a task waits `blocked` (no item) until they complete.
            let starts = try read { mirror throws(JobError) in try mirror.initialStates(of: tasks) }
            let fresh = zip(tasks, starts).map { task, start in
                var task = task.enqueued
                (task.state, task.lastError) = start
                return task.state == .new ? loadingResults(task) : task
            }
            for task in fresh where task.state == .new { perQueue[task.queue, default: 0] += 1 }
            let discards = try read { mirror throws(JobError) in try mirror.discards(for: perQueue) }
            if tasks.contains(where: { $0.queue == Queue.defaultName }), read({ $0.queues[Queue.defaultName] }) == nil {
                try await provisionQueue(.defaultQueue)
            }
            for id in discards { try await discard(id, at: now) }
            // The task records first, all in flight together; each expects no earlier message, so an id
            // another process used meanwhile fails alone, and the batch is taken back.
            // Until their items are in the queue, the mirror shows these tasks waiting without them.
            let publishing = fresh.count { $0.state == .new }
            itemsBeingPublished.add(publishing, ordering: .relaxed)
            defer { itemsBeingPublished.subtract(publishing, ordering: .relaxed) }
            let outcomes = try await concurrently(fresh) { [self] task -> WriteOutcome in
                do {
                    try await putTask(.new(task), announcing: false)
                    return .written
                } catch is Conflict {
                    return .refused(JobError.taskExists(task.id))
                } catch {
                    return .refused(error)
                }
            }
            let written = zip(fresh, outcomes).compactMap { $1.isWritten ? $0.id : nil }
            do {
                if let refusal = outcomes.lazy.compactMap(\.refusal).first { throw refusal }
                // A new task's run record says no more than the one its task record implies (an item
                // available since creation, no attempts), as for a Go producer's task: it is left out, one
                // stored write and a round trip less per enqueue, unless the task was created a while before
                // this enqueue (its wait and place count from now) or an erased task of its id left one.
                _ = try await concurrently(fresh.filter { !impliesItsRunRecord($0, at: now) }) { [self] task in
                    let item = task.state == .new
                        ? RunRecord.Item(queue: task.queue, available: now, enqueued: now, published: true, lease: nil,
                                         terminateRequested: false)
                        : nil
                    try await putFreshRun(RunRecord(item: item, attempts: []), of: task.id, announcing: false)
                }
                // The items in creation order: the queue hands them out in stream order.
                let ordered = fresh.filter { $0.state == .new }.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
                try await publishItems(ordered.map { ($0.queue, $0.id) })
            } catch {
                // All or nothing: take back what this batch wrote.
                for id in written { try? await eraseTask(id, settling: false) }
                // The records were taken without moving the change token; an erase that failed leaves them.
                if !written.isEmpty { changed { $0.version += 1 } }
                throw error
            }
            // One change for the whole batch, once its items are in the queue: a pool woken by the records
            // alone would pull before there is anything to pull.
            changed { $0.version += 1 }
            for task in fresh { try await publishEvent(task, at: now) }
        }
    }

    /// Whether enqueueing `tasks` touches nothing another write of this process may be touching, so that it
    /// need not wait for the gate: new ids only (each record is written expecting no earlier message, so an
    /// id taken meanwhile fails its compare-and-set as it would across processes), no dependencies (settling
    /// a dependency would not see a task written beside it), and queues that exist here and bound no entries
    /// (making room expires other tasks).
    private func standsAlone(_ tasks: [JobTask]) -> Bool {
        read { mirror in
            tasks.allSatisfy { task in
                guard task.dependencies.isEmpty, mirror.tasks[task.id] == nil,
                      let queue = mirror.queues[task.queue]?.value else { return false }
                return queue.maxEntries <= 0
            }
        }
    }

    /// Whether `task`'s own record implies the run record its enqueue at `now` would write: new, created no
    /// more than ``impliedRunRecordSkew`` before `now`, and no run record of its id is stored.
    private func impliesItsRunRecord(_ task: JobTask, at now: Timestamp) -> Bool {
        task.state == .new && task.created <= now && now - task.created <= Self.impliedRunRecordSkew
            && read({ $0.runSequence(task.id) }) == 0
    }

    /// How long before its enqueue a task may have been created for its creation to stand for its enqueue
    /// (its place in the queue, its wait, its MaxAge): a task made and enqueued at once.
    static let impliedRunRecordSkew: Duration = .milliseconds(10)

    /// How one task's first write went.
    private enum WriteOutcome: Sendable {
        case written
        case refused(any Error)

        var isWritten: Bool { if case .written = self { true } else { false } }
        var refusal: (any Error)? { if case .refused(let error) = self { error } else { nil } }
    }

    /// Writes a new task's run record, replacing whatever an erased task of the same id left.
    private func putFreshRun(_ run: RunRecord, of id: String, announcing: Bool) async throws {
        do {
            try await putRun(run, of: id, announcing: announcing)
        } catch is Conflict {
            try await refresh(id)
            try await putRun(run, of: id, announcing: announcing)
        }
    }

    /// Expires a waiting task to make room in a DiscardOld queue.
    private func discard(_ id: String, at now: Timestamp) async throws {
        guard var record = try await wholeTask(id), var run = read({ $0.run(of: id) }), let item = run.item else { return }
        try await deleteItem(queue: item.queue, task: id)
        run.item = nil
        try await putRun(run, of: id)
        record.task.state = .expired
        record.task.lastError = AttemptRules.discardOldError
        try await putTask(record)
        try await publishEvent(record.task, at: now)
        try await settleDependents(of: id, parent: record.task, at: now)
    }
}

extension Mirror {
    /// The waiting tasks to expire so that `incoming` new tasks per queue fit each queue's MaxEntries (the
    /// oldest first, DiscardOld queues only); `queueFull` for a queue that refuses them.
    func discards(for incoming: [String: Int]) throws(JobError) -> [String] {
        var discards: [String] = []
        for (name, count) in incoming {
            let queue = queues[name]?.value ?? .defaultQueue
            guard queue.maxEntries > 0 else { continue }
            let waiting = items(index[name]?.waiting ?? []).map { ($0.id, $0.item.enqueued) }
            let overflow = waiting.count + count - queue.maxEntries
            guard overflow > 0 else { continue }
            guard queue.discardOld, overflow <= waiting.count else { throw .queueFull(name) }
            discards += waiting.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(overflow).map(\.0)
        }
        return discards
    }
}
