import AsyncJobs

/// Putting work in, as asyncjobs' `EnqueueTask` does: the task record (expecting no earlier message on its
/// subject), then the work item with `Nats-Msg-Id` = the task id, then the `new` event.
extension JetStreamStore {
    public func enqueue(_ tasks: [JobTask]) async throws {
        for task in tasks { try task.validate() }
        try await write("enqueueing \(tasks.count) task(s)") {
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
                perQueue[task.queue, default: 0] += 1
            }
            let discards = try read { mirror throws(JobError) in try mirror.discards(for: perQueue) }
            if perQueue[Queue.defaultName] != nil, read({ $0.queues[Queue.defaultName] }) == nil {
                try await provisionQueue(.defaultQueue)
            }
            for id in discards { try await discard(id, at: now) }
            var written: [String] = []
            do {
                for task in tasks.map(\.enqueued) {
                    do {
                        try await putTask(task, expecting: 0)
                    } catch is Conflict {
                        throw JobError.taskExists(task.id)
                    }
                    written.append(task.id)
                    let item = RunRecord.Item(queue: task.queue, available: now, enqueued: now, published: true,
                                              lease: nil, terminateRequested: false)
                    try await putFreshRun(RunRecord(item: item, attempts: []), of: task.id)
                    try await publishItem(queue: task.queue, task: task.id, dedupe: task.id)
                }
            } catch {
                // All or nothing: take back what this batch wrote.
                for id in written { try? await eraseTask(id) }
                throw error
            }
            for task in tasks { if let stored = read({ $0.tasks[task.id]?.value }) { try await publishEvent(stored, at: now) } }
        }
    }

    /// Writes a new task's run record, replacing whatever an erased task of the same id left.
    private func putFreshRun(_ run: RunRecord, of id: String) async throws {
        do {
            try await putRun(run, of: id)
        } catch is Conflict {
            try await refresh(id)
            try await putRun(run, of: id)
        }
    }

    /// Expires a waiting task to make room in a DiscardOld queue.
    private func discard(_ id: String, at now: Timestamp) async throws {
        guard var task = read({ $0.tasks[id] }), var run = read({ $0.run(of: id) }), let item = run.item else { return }
        try await deleteItem(queue: item.queue, task: id)
        run.item = nil
        try await putRun(run, of: id)
        task.value.state = .expired
        task.value.lastError = AttemptRules.discardOldError
        try await putTask(task.value, expecting: task.sequence)
        try await publishEvent(task.value, at: now)
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
            let waiting = tasks.keys.compactMap { id -> (String, Timestamp)? in
                guard let item = run(of: id)?.item, item.queue == name, !item.isLeased else { return nil }
                return (id, item.enqueued)
            }
            let overflow = waiting.count + count - queue.maxEntries
            guard overflow > 0 else { continue }
            guard queue.discardOld, overflow <= waiting.count else { throw .queueFull(name) }
            discards += waiting.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(overflow).map(\.0)
        }
        return discards
    }
}
