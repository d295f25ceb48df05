extension MemoryStore {
    @discardableResult
    public func retry(taskID: String, queue: String?) async throws -> JobTask {
        try mutate { state, now throws(JobError) in
            guard var task = state.tasks[taskID] else { throw .taskNotFound(taskID) }
            guard task.state.isRetryable, !(state.items[taskID]?.isLeased ?? false) else {
                throw .invalidState(taskID: taskID, state: task.state, action: "retry")
            }
            let destination = queue ?? task.queue
            guard state.queues[destination] != nil else { throw .queueNotFound(destination) }
            // A task moving to another queue joins it now, at the back.
            if destination != task.queue, var item = state.items[taskID] {
                item.queue = destination
                item.enqueued = now
                state.items[taskID] = item
            }
            task.queue = destination
            task.state = .retry
            task.tries = 0
            task.result = nil
            if let deadline = task.deadline, deadline <= now { task.deadline = nil }
            state.tasks[taskID] = task
            var item = state.items[taskID] ?? Item(queue: destination, available: now, enqueued: now)
            item.available = now
            item.terminateRequested = false
            state.items[taskID] = item
            state.record(task, at: now)
            state.version += 1
            return task
        }
    }

    @discardableResult
    public func terminate(taskID: String) async throws -> JobTask {
        try mutate { state, now throws(JobError) in
            guard let task = state.tasks[taskID] else { throw .taskNotFound(taskID) }
            guard !task.state.isFinal else { throw .invalidState(taskID: taskID, state: task.state, action: "terminate") }
            state.version += 1
            if var item = state.items[taskID], item.isLeased {
                item.terminateRequested = true
                state.items[taskID] = item
                return task
            }
            state.items[taskID] = nil
            state.finish(taskID, as: .terminated, error: AttemptRules.operatorTerminateError, at: now)
            return state.tasks[taskID]!
        }
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
            guard buckets > 0, bucket > .zero else { return .empty }
            let width = bucket.nanoseconds
            let start = now.nanoseconds - Int64(buckets) * width
            var completed = [Int](repeating: 0, count: buckets)
            var failed = completed
            for event in state.events where event.queue == name && event.at.nanoseconds > start && event.at <= now {
                let index = Int((event.at.nanoseconds - start - 1) / width)
                guard index < buckets else { continue }
                switch event.state {
                case .complete: completed[index] += 1
                case .expired, .terminated: failed[index] += 1
                default: break
                }
            }
            let recorded = FinishedCounts.recorded(buckets: buckets, bucket: bucket, now: now,
                                                   firstEvent: state.events.first?.at)
            return FinishedCounts(completed: completed, failed: failed, recordedBuckets: recorded)
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
