import AsyncJobs
import JetStream

/// Reads, answered from the mirror: no request per call, whatever the number of tasks (but a task's
/// payload, read from the server by a store that holds none, and a search of payloads there).
extension JetStreamStore {
    /// The task, payload included (a store that holds no payloads reads the record from the server).
    public func task(id: String) async throws -> JobTask {
        do {
            guard let record = try await wholeTask(id) else { throw JobError.taskNotFound(id) }
            return record.task
        } catch {
            throw Self.storageError(error, "reading task \(id)")
        }
    }

    /// The page of tasks; a store that holds no payloads lists them without.
    public func tasks(_ filter: TaskFilter) async throws -> [JobTask] {
        let payloadMatches = try await payloadMatches(filter)
        return read { mirror in
            Array(mirror.newestFirst(filter, payloadMatches: payloadMatches).dropFirst(max(filter.offset, 0))
                .prefix(max(filter.limit, 0)))
        }
    }

    public func countTasks(_ filter: TaskFilter) async throws -> Int {
        let payloadMatches = try await payloadMatches(filter)
        return read { mirror in
            guard filter.type == nil, filter.text?.isEmpty ?? true, filter.createdBefore == nil, filter.ids == nil else {
                let matches = Mirror.matcher(filter, payloadMatches: payloadMatches)
                return mirror.tasks.values.count { matches($0.listed) }
            }
            // Queue and state only: the counters answer.
            let indexes = filter.queue.map { mirror.index[$0].map { [$0] } ?? [] } ?? Array(mirror.index.values)
            return indexes.reduce(0) { total, index in
                total + index.counts.reduce(0) { sum, entry in
                    let wanted = filter.states.map { $0.isEmpty || $0.contains(entry.key) } ?? true
                    return sum + (wanted ? entry.value : 0)
                }
            }
        }
    }

    public func taskDigests(_ filter: TaskFilter) async throws -> [TaskDigest] {
        let payloadMatches = try await payloadMatches(filter)
        return read { mirror in mirror.newestFirst(filter, payloadMatches: payloadMatches).map(TaskDigest.init) }
    }

    public func taskIDs(_ filter: TaskFilter) async throws -> [String] {
        let payloadMatches = try await payloadMatches(filter)
        return read { mirror in mirror.newestFirst(filter, payloadMatches: payloadMatches).map(\.id) }
    }

    public func attempts(taskID: String) async throws -> [Attempt] {
        try requireRunRecords("reading the attempts of task \(taskID)")
        return try read { mirror throws(JobError) in
            guard let run = mirror.run(of: taskID) else { throw .taskNotFound(taskID) }
            return run.attempts
        }
    }

    public func nextAttempt(taskID: String) async throws -> Timestamp? {
        try requireRunRecords("reading the next attempt of task \(taskID)")
        return try read { mirror throws(JobError) in
            guard let run = mirror.run(of: taskID) else { throw .taskNotFound(taskID) }
            guard let item = run.item, !item.isLeased else { return nil }
            return item.available
        }
    }

    public func lease(taskID: String) async throws -> Lease? {
        try requireRunRecords("reading the lease of task \(taskID)")
        return try read { mirror throws(JobError) in
            guard let run = mirror.run(of: taskID) else { throw .taskNotFound(taskID) }
            guard let item = run.item, let lease = item.lease else { return nil }
            return Lease(taskID: taskID, worker: lease.worker, attempt: lease.attempt, started: lease.started,
                         expires: lease.expires, terminateRequested: item.terminateRequested)
        }
    }

    public func summaries() async throws -> [QueueSummary] {
        try requireRunRecords("summarising the queues")
        try? await refreshQueues(force: false)
        let now = clock.now()
        // Not `read`: a summary moves each queue's oldest-ready bound (a cache, not a change).
        return mirror.withLock { mirror in
            mirror.queues.values.map(\.value).sorted { $0.name < $1.name }.map { mirror.summary(of: $0, now: now) }
        }
    }

    public func summary(queue name: String) async throws -> QueueSummary {
        try requireRunRecords("summarising queue \(name)")
        let now = clock.now()
        return try mirror.withLock { mirror throws(JobError) in mirror.summary(of: try mirror.queue(name), now: now) }
    }

    public func upcomingRetries(queue name: String, until: Timestamp) async throws -> [Timestamp] {
        try requireRunRecords("reading the retries of queue \(name)")
        let now = clock.now()
        return try read { mirror throws(JobError) in
            _ = try mirror.queue(name)
            return mirror.items(mirror.index[name]?.unpublished ?? []).map(\.item)
                .filter { !$0.isLeased && $0.available > now && $0.available <= until }.map(\.available).sorted()
        }
    }

    public func finishedCounts(queue name: String, buckets: Int, bucket: Duration) async throws -> FinishedCounts {
        let now = clock.now()
        try await readEventHistory()
        await eventPipeline.settled()
        return try read { mirror throws(JobError) in
            _ = try mirror.queue(name)
            let start = now - bucket * max(buckets, 0)
            let recent = mirror.events[mirror.events.partitioningIndex { $0.at > start }...]
            return FinishedCounts.tally(recent, queue: name, buckets: buckets, bucket: bucket, now: now,
                                        firstEvent: mirror.events.first?.at)
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [TaskEvent] {
        try await readEventHistory()
        await eventPipeline.settled()
        let (kept, oldestKept) = read { mirror in
            let from = mirror.events.partitioningIndex { $0.sequence > sequence }
            return (Array(mirror.events[from...].prefix(max(limit, 0))), mirror.events.first?.sequence)
        }
        guard let oldestKept, sequence + 1 < oldestKept, limit > 0 else { return kept }
        // Older than what memory keeps: read them from the stream, then go on with what is kept.
        var older: [TaskEvent] = []
        var next = UInt64(max(sequence + 1, 1))
        do {
            while older.count < limit, next < UInt64(oldestKept) {
                if let message = try await storedEvent(next), let event = TaskStateEventCodec.event(from: message) {
                    older.append(event)
                }
                next += 1
            }
        } catch {
            throw Self.storageError(error, "reading events after \(sequence)")
        }
        return Array((older + kept).prefix(limit))
    }

    /// The stored event at `sequence`, nil when it was cut (the history keeps a day).
    private func storedEvent(_ sequence: UInt64) async throws -> WatchedMessage? {
        do {
            let message = try await js.message(stream: StoreLayout.eventsStream, sequence: sequence)
            let time = Timestamp(rfc3339: message.time)?.nanoseconds ?? 0
            return WatchedMessage(subject: message.subject, sequence: message.sequence, headers: message.headers,
                                  payload: message.payload, timestampNanoseconds: time, pending: 0)
        } catch let error as JetStreamError where error.errCode == JetStreamErrorCode.noMessageFound
            || error.errCode == JetStreamErrorCode.sequenceNotFound {
            return nil
        }
    }

    public func latestEventSequence() async throws -> Int64 {
        try await readEventHistory()
        await eventPipeline.settled()
        return read { $0.events.last?.sequence ?? 0 }
    }

    public func info() async throws -> StoreInfo {
        let location = client.serverInfo.serverName.isEmpty ? "nats" : "nats server \(client.serverInfo.serverName)"
        return read { mirror in
            // The per-queue counters answer: rebuilding every task from its compact form to read its state
            // cost a pass over the whole mirror.
            var counts: [TaskState: Int] = [:]
            for index in mirror.index.values {
                for (state, count) in index.counts where count > 0 { counts[state, default: 0] += count }
            }
            return StoreInfo(kind: "jetstream", location: location, sizeBytes: nil, counts: counts,
                             queues: mirror.queues.count, notes: ["nats-server \(serverVersion)"])
        }
    }
}

extension Mirror {
    /// The tasks passing `filter` (its text also found in the tasks of `payloadMatches`), newest first,
    /// walking the order index (no sort).
    func newestFirst(_ filter: TaskFilter, payloadMatches: Set<String>? = nil) -> some Sequence<JobTask> {
        order.reversed().lazy.compactMap { tasks[$0.id]?.listed }.filter(Mirror.matcher(filter, payloadMatches: payloadMatches))
    }

    /// The queue's summary; moves the queue's ``QueueIndex/readyFrom`` up to its oldest ready task.
    mutating func summary(of queue: Queue, now: Timestamp) -> QueueSummary {
        let index = index[queue.name] ?? QueueIndex()
        // Only a scheduled retry's item waits unpublished, and only such an item can be due later: the
        // rest of the waiting tasks are ready. No pass over the whole queue.
        let retries = items(index.unpublished).map(\.item).filter { !$0.isLeased }
        let scheduled = retries.count { $0.available > now }
        let ready = index.waiting.count - scheduled
        var oldestReady = retries.filter { $0.available <= now }.map(\.available).min()
        if let key = oldestPublishedReady(in: queue.name), let item = run(of: key.id)?.item {
            oldestReady = min(oldestReady ?? item.available, item.available)
        }
        // A Go worker's running task holds a slot too, with no lease of this engine.
        let active = max(index.leased.count, index.counts[.active, default: 0])
        return QueueSummary(queue: queue, counts: index.counts.filter { $0.value > 0 }, active: active, ready: ready,
                            scheduled: scheduled, oldestReady: oldestReady)
    }

    /// The oldest task of `queue` (in `order`) whose published item waits, found by walking `order` from the
    /// queue's ``QueueIndex/readyFrom``, which moves up to it.
    private mutating func oldestPublishedReady(in queue: String) -> OrderKey? {
        guard !loading, let index = index[queue], let from = index.readyFrom else { return nil }
        var at = order.partitioningIndex { $0 >= from }
        while at < order.count {
            let key = order[at]
            if index.waiting.contains(key.id), !index.unpublished.contains(key.id) {
                self.index[queue]?.readyFrom = key
                return key
            }
            at += 1
        }
        self.index[queue]?.readyFrom = nil
        return nil
    }
}
