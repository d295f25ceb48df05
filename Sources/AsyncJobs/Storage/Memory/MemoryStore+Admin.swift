extension MemoryStore {
    @discardableResult
    public func retry(taskID: String, queue: String?) async throws -> JobTask {
        try mutate { state, now throws(JobError) in try state.retry(taskID, into: queue, at: now) }
    }

    @discardableResult
    public func terminate(taskID: String) async throws -> JobTask {
        try mutate { state, now throws(JobError) in try state.terminate(taskID, at: now) }
    }

    public func summaries() async throws -> [QueueSummary] {
        read { state, now in
            state.queues.values.sorted { $0.name < $1.name }.map { state.summary(of: $0, now: now) }
        }
    }

    public func summary(queue name: String) async throws -> QueueSummary {
        try read { state, now throws(JobError) in state.summary(of: try state.queue(name), now: now) }
    }

    public func upcomingRetries(queue name: String, until: Timestamp) async throws -> [Timestamp] {
        try read { state, now throws(JobError) in
            _ = try state.queue(name)
            return state.items.values.filter { $0.queue == name && !$0.isLeased && $0.available > now && $0.available <= until }
                .map(\.available).sorted()
        }
    }

    public func finishedCounts(queue name: String, buckets: Int, bucket: Duration) async throws -> FinishedCounts {
        try read { state, now throws(JobError) in
            _ = try state.queue(name)
            return FinishedCounts.tally(state.events, queue: name, buckets: buckets, bucket: bucket, now: now,
                                        firstEvent: state.events.first?.at)
        }
    }

    public func minuteStats(queue: String?, from: Timestamp, to: Timestamp) async throws -> [MinuteStats] {
        try read { state, _ throws(JobError) in
            if let queue { _ = try state.queue(queue) }
            return state.stats.rows(queue: queue, from: from, to: to)
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [TaskEvent] {
        read { state, _ in Array(state.events.lazy.filter { $0.sequence > sequence }.prefix(max(limit, 0))) }
    }

    public func latestEventSequence() async throws -> Int64 {
        read { state, _ in state.lastSequence }
    }

    public func info() async throws -> StoreInfo {
        read { state, _ in
            var counts: [TaskState: Int] = [:]
            for task in state.tasks.values { counts[task.state, default: 0] += 1 }
            return StoreInfo(kind: "memory", location: "in-process memory", sizeBytes: nil, counts: counts,
                             queues: state.queues.count)
        }
    }
}

extension MemoryStore.State {
    /// The operator retry of one task, into `queue` or its own queue when nil; shared by
    /// ``MemoryStore/retry(taskID:queue:)`` and bulk actions.
    mutating func retry(_ taskID: String, into queue: String?, at now: Timestamp) throws(JobError) -> JobTask {
        guard var task = tasks[taskID] else { throw .taskNotFound(taskID) }
        guard task.state.isRetryable, !(items[taskID]?.isLeased ?? false) else {
            throw .invalidState(taskID: taskID, state: task.state, action: "retry")
        }
        let destination = queue ?? task.queue
        guard queues[destination] != nil else { throw .queueNotFound(destination) }
        // A task moving to another queue joins it now, at the back.
        if destination != task.queue, var item = items[taskID] {
            item.queue = destination
            item.enqueued = now
            items[taskID] = item
        }
        task.queue = destination
        task.state = .retry
        task.tries = 0
        task.result = nil
        if let deadline = task.deadline, deadline <= now { task.deadline = nil }
        // A task whose dependencies have not all completed waits for them again (an operator may be
        // retrying the failed dependency too).
        if !dependenciesComplete(task) {
            task.state = .blocked
            items[taskID] = nil
            tasks[taskID] = task
            record(task, at: now)
            version += 1
            return task
        }
        tasks[taskID] = task
        var item = items[taskID] ?? MemoryStore.Item(queue: destination, available: now, enqueued: now)
        item.available = now
        item.ready = now
        item.terminateRequested = false
        items[taskID] = item
        record(task, at: now)
        version += 1
        return task
    }

    /// The operator terminate of one task, shared by ``MemoryStore/terminate(taskID:)`` and bulk actions.
    mutating func terminate(_ taskID: String, at now: Timestamp) throws(JobError) -> JobTask {
        guard let task = tasks[taskID] else { throw .taskNotFound(taskID) }
        guard !task.state.isFinal else { throw .invalidState(taskID: taskID, state: task.state, action: "terminate") }
        version += 1
        if var item = items[taskID], item.isLeased {
            item.terminateRequested = true
            items[taskID] = item
            return task
        }
        items[taskID] = nil
        finish(taskID, as: .terminated, error: AttemptRules.operatorTerminateError, at: now)
        return tasks[taskID]!
    }

    func summary(of queue: Queue, now: Timestamp) -> QueueSummary {
        var counts: [TaskState: Int] = [:]
        for task in tasks.values where task.queue == queue.name { counts[task.state, default: 0] += 1 }
        let items = items.values.filter { $0.queue == queue.name }
        let ready = items.filter { !$0.isLeased && $0.available <= now }
        return QueueSummary(
            queue: queue, counts: counts, active: items.count(where: \.isLeased), ready: ready.count,
            scheduled: items.count { !$0.isLeased && $0.available > now },
            oldestReady: ready.map(\.available).min())
    }
}
