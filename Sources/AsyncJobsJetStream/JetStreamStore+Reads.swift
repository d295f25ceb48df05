import AsyncJobs

/// Reads, answered from the mirror: no request per call, whatever the number of tasks.
extension JetStreamStore {
    public func task(id: String) async throws -> JobTask {
        try read { mirror throws(JobError) in
            guard let task = mirror.tasks[id]?.value else { throw .taskNotFound(id) }
            return task
        }
    }

    public func tasks(_ filter: TaskFilter) async throws -> [JobTask] {
        read { mirror in
            let matching = mirror.tasks.values.lazy.map(\.value).filter(filter.matches)
                .sorted { ($0.created, $0.id) > ($1.created, $1.id) }
            return Array(matching.dropFirst(max(filter.offset, 0)).prefix(max(filter.limit, 0)))
        }
    }

    public func countTasks(_ filter: TaskFilter) async throws -> Int {
        read { mirror in mirror.tasks.values.count { filter.matches($0.value) } }
    }

    public func taskIDs(_ filter: TaskFilter) async throws -> [String] {
        read { mirror in
            mirror.tasks.values.lazy.map(\.value).filter(filter.matches)
                .sorted { ($0.created, $0.id) > ($1.created, $1.id) }.map(\.id)
        }
    }

    public func attempts(taskID: String) async throws -> [Attempt] {
        try read { mirror throws(JobError) in
            guard let run = mirror.run(of: taskID) else { throw .taskNotFound(taskID) }
            return run.attempts
        }
    }

    public func nextAttempt(taskID: String) async throws -> Timestamp? {
        try read { mirror throws(JobError) in
            guard let run = mirror.run(of: taskID) else { throw .taskNotFound(taskID) }
            guard let item = run.item, !item.isLeased else { return nil }
            return item.available
        }
    }

    public func lease(taskID: String) async throws -> Lease? {
        try read { mirror throws(JobError) in
            guard let run = mirror.run(of: taskID) else { throw .taskNotFound(taskID) }
            guard let item = run.item, let lease = item.lease else { return nil }
            return Lease(taskID: taskID, worker: lease.worker, attempt: lease.attempt, started: lease.started,
                         expires: lease.expires, terminateRequested: item.terminateRequested)
        }
    }

    public func summaries() async throws -> [QueueSummary] {
        try? await refreshQueues(force: false)
        let now = clock.now()
        return read { mirror in
            mirror.queues.values.map(\.value).sorted { $0.name < $1.name }.map { mirror.summary(of: $0, now: now) }
        }
    }

    public func summary(queue name: String) async throws -> QueueSummary {
        let now = clock.now()
        return try read { mirror throws(JobError) in mirror.summary(of: try mirror.queue(name), now: now) }
    }

    public func upcomingRetries(queue name: String, until: Timestamp) async throws -> [Timestamp] {
        let now = clock.now()
        return try read { mirror throws(JobError) in
            _ = try mirror.queue(name)
            return mirror.items(of: name).filter { !$0.isLeased && $0.available > now && $0.available <= until }
                .map(\.available).sorted()
        }
    }

    public func finishedCounts(queue name: String, buckets: Int, bucket: Duration) async throws -> FinishedCounts {
        let now = clock.now()
        return try read { mirror throws(JobError) in
            _ = try mirror.queue(name)
            let start = now - bucket * max(buckets, 0)
            let recent = mirror.events[mirror.events.partitioningIndex { $0.at > start }...]
            return FinishedCounts.tally(recent, queue: name, buckets: buckets, bucket: bucket, now: now,
                                        firstEvent: mirror.events.first?.at)
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [TaskEvent] {
        read { mirror in
            let from = mirror.events.partitioningIndex { $0.sequence > sequence }
            return Array(mirror.events[from...].prefix(max(limit, 0)))
        }
    }

    public func latestEventSequence() async throws -> Int64 {
        read { $0.events.last?.sequence ?? 0 }
    }

    public func info() async throws -> StoreInfo {
        let location = client.serverInfo.serverName.isEmpty ? "nats" : "nats server \(client.serverInfo.serverName)"
        return read { mirror in
            var counts: [TaskState: Int] = [:]
            for task in mirror.tasks.values { counts[task.value.state, default: 0] += 1 }
            return StoreInfo(kind: "jetstream", location: location, sizeBytes: nil, counts: counts,
                             queues: mirror.queues.count, notes: ["nats-server \(serverVersion)"])
        }
    }
}

extension Mirror {
    /// The items (waiting or leased) of queue `name`.
    func items(of name: String) -> [RunRecord.Item] {
        tasks.keys.compactMap { id in run(of: id)?.item }.filter { $0.queue == name }
    }

    func summary(of queue: Queue, now: Timestamp) -> QueueSummary {
        var counts: [TaskState: Int] = [:]
        var active = 0
        var ready = 0
        var scheduled = 0
        var oldestReady: Timestamp?
        for stored in tasks.values where stored.value.queue == queue.name {
            counts[stored.value.state, default: 0] += 1
        }
        for item in items(of: queue.name) {
            if item.isLeased {
                active += 1
            } else if item.available <= now {
                ready += 1
                oldestReady = min(oldestReady ?? item.available, item.available)
            } else {
                scheduled += 1
            }
        }
        return QueueSummary(queue: queue, counts: counts, active: active, ready: ready, scheduled: scheduled,
                            oldestReady: oldestReady)
    }
}
