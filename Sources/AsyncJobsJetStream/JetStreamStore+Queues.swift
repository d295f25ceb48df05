import AsyncJobs
import Foundation
import JetStream

/// Queue administration: asyncjobs' work-queue stream and `WORKERS` consumer per queue, and the store's
/// record of the settings asyncjobs has no field for.
extension JetStreamStore {
    public func createQueue(_ queue: Queue) async throws {
        try queue.validate()
        try await write("creating queue \(queue.name)") {
            try await refreshQueues(force: true)
            guard read({ $0.queues[queue.name] }) == nil else { throw JobError.queueExists(queue.name) }
            guard try await provisionQueue(queue) else { throw JobError.queueExists(queue.name) }
        }
    }

    /// Creates the queue's stream and consumer as asyncjobs does (binding existing ones) and records it;
    /// false when another process recorded the queue first (two first enqueues to DEFAULT at once), whose
    /// record the mirror then holds.
    @discardableResult
    func provisionQueue(_ queue: Queue) async throws -> Bool {
        if queue.paused { try checkConsumerPause(for: queue) }
        try await ensureStream(StoreLayout.queueStreamConfig(queue, options: options))
        if try await js.consumerInfoIfExists(stream: StoreLayout.queueStream(queue.name), name: StoreLayout.workersConsumer) == nil {
            _ = try await js.createConsumer(stream: StoreLayout.queueStream(queue.name), config: StoreLayout.workersConfig(queue))
        }
        if queue.paused { try await pauseConsumer(of: queue) }
        do {
            try await putQueue(queue)
        } catch is Conflict {
            guard try await refreshQueueRecord(queue.name) else { throw Conflict() }
            return false
        }
        changed { $0.deletedQueues[queue.name] = nil }
        return true
    }

    public func queue(named name: String) async throws -> Queue {
        try await knownQueue(name)
    }

    /// The queue from the mirror, or from the server when the mirror has not seen it yet (a queue a Go
    /// program made moments ago); `queueNotFound` when neither has it.
    func knownQueue(_ name: String) async throws -> Queue {
        if let queue = read({ $0.queues[name]?.value }) { return queue }
        do {
            try await refreshQueues(force: true)
        } catch {
            throw Self.storageError(error, "reading the queues")
        }
        return try read { mirror throws(JobError) in try mirror.queue(name) }
    }

    public func queues() async throws -> [Queue] {
        try? await refreshQueues(force: false)
        return read { $0.queues.values.map(\.value).sorted { $0.name < $1.name } }
    }

    @discardableResult
    public func updateQueue(_ name: String, _ changes: QueueChanges) async throws -> Queue {
        try await write("updating queue \(name)") {
            let current = try read { mirror throws(JobError) in try mirror.queue(name) }
            let updated = try changes.applied(to: current)
            if updated.paused != current.paused { try checkConsumerPause(for: updated) }
            let stream = StoreLayout.queueStream(name)
            if updated.maxAge != current.maxAge || updated.maxEntries != current.maxEntries
                || updated.discardOld != current.discardOld {
                var config = try await js.streamInfo(stream).config
                config.maxAge = Nanoseconds(updated.maxAge)
                config.maxMessages = updated.maxEntries > 0 ? Int64(updated.maxEntries) : -1
                config.discard = updated.discardOld ? .old : .new
                _ = try await js.updateStream(config)
            }
            let consumerChanged = updated.maxConcurrent != current.maxConcurrent || updated.maxRunTime != current.maxRunTime
                || updated.maxTries != current.maxTries
            if consumerChanged {
                // asyncjobs' `ajc queue configure` changes the consumer in place the same way.
                _ = try await js.createConsumer(stream: stream, config: StoreLayout.workersConfig(updated))
            }
            // A config update carries no pause, so a paused consumer is paused again after one.
            if updated.paused != current.paused || (consumerChanged && updated.paused) { try await pauseConsumer(of: updated) }
            try await putQueue(updated)
            return updated
        }
    }

    public func removeQueue(_ name: String) async throws {
        try await write("removing queue \(name)") {
            let known = read { $0.queues[name] }
            guard let known else { throw JobError.queueNotFound(name) }
            do {
                try await js.deleteStream(StoreLayout.queueStream(name))
            } catch let error as JetStreamError where error.errCode == JetStreamErrorCode.streamNotFound {}
            let doomed = read { mirror in mirror.tasks.values.filter { $0.listed.queue == name }.map(\.listed.id) }
            for id in doomed {
                let state = read { $0.tasks[id]?.listed.state }
                try await eraseRecords(id)
                // Tasks of other queues blocked on one of these become unreachable.
                if state != .complete { try await settleDependents(of: id, parent: nil, at: clock.now()) }
            }
            try await js.purgeStream(StoreLayout.queuesStream, subject: StoreLayout.queueSubject(name))
            try await forgetStats(of: name)
            changed { $0.forgetQueue(name, upTo: known.sequence) }
        }
    }

    @discardableResult
    public func purgeQueue(_ name: String) async throws -> Int {
        try await write("purging queue \(name)") {
            _ = try read { mirror throws(JobError) in try mirror.queue(name) }
            let doomed = read { mirror in
                (mirror.index[name]?.waiting ?? []).filter { mirror.tasks[$0]?.listed.state != .active }.sorted()
            }
            for id in doomed { try await eraseTask(id) }
            return doomed.count
        }
    }

    /// Pauses or resumes the queue's `WORKERS` consumer so Go workers stop too (nats-server 2.11+). On an
    /// older server only this engine's workers pause, unless the options demand the consumer pause.
    func pauseConsumer(of queue: Queue) async throws {
        guard serverVersion >= JetStreamContext.consumerPauseVersion else { return }
        try await js.pauseConsumer(stream: StoreLayout.queueStream(queue.name), name: StoreLayout.workersConsumer,
                                   until: queue.paused ? Self.pausedForever : nil)
    }

    /// Refuses a pause the server cannot apply to Go workers when the options demand that it does.
    private func checkConsumerPause(for queue: Queue) throws(JobError) {
        guard options.requireConsumerPause, serverVersion < JetStreamContext.consumerPauseVersion else { return }
        throw .invalidSetting("pausing queue \(queue.name) for Go workers needs nats-server ≥ "
            + "\(JetStreamContext.consumerPauseVersion) (this one is \(serverVersion))")
    }

    /// "Paused until" far enough away to mean "until resumed".
    static let pausedForever = "2999-01-01T00:00:00Z"

    /// Reads the queue list from the server: every stream capturing `CHORIA_AJ.Q.>`, with the store's record
    /// of it, or its settings read from the stream and its `WORKERS` consumer when a Go program made it.
    /// At most every 2 s unless `force`.
    func refreshQueues(force: Bool) async throws {
        let now = clock.now()
        let due = queuesRefreshed.withLock { last -> Bool in
            if !force, let last, now - last < .seconds(2), now >= last { return false }
            last = now
            return true
        }
        guard due else { return }
        let names = try await js.streamNames(subject: StoreLayout.allQueueSubjects)
            .filter { $0.hasPrefix(StoreLayout.queueStreamPrefix) }
            .map { String($0.dropFirst(StoreLayout.queueStreamPrefix.count)) }
        var found: [Queue] = []
        for name in names where read({ $0.queues[name] }) == nil {
            guard let stream = try await js.streamInfoIfExists(StoreLayout.queueStream(name)) else { continue }
            let consumer = try await js.consumerInfoIfExists(stream: stream.config.name, name: StoreLayout.workersConsumer)
            found.append(Queue(
                name: name, maxConcurrent: consumer?.config.maxAckPending ?? 100,
                maxRunTime: consumer?.config.ackWait?.duration ?? .seconds(3600), maxTries: consumer?.config.maxDeliver ?? -1,
                maxAge: stream.config.maxAge?.duration ?? .zero, maxEntries: max(0, Int(stream.config.maxMessages ?? 0)),
                discardOld: stream.config.discard == .old))
        }
        let present = Set(names)
        changed { mirror in
            for queue in found { mirror.apply(queue: queue, sequence: 0) }
            // A queue whose stream is gone (deleted by `ajc queue rm`) is gone.
            for name in mirror.queues.keys where !present.contains(name) { mirror.forgetQueue(name, upTo: 0) }
        }
    }
}

extension Mirror {
    func queue(_ name: String) throws(JobError) -> Queue {
        guard let queue = queues[name]?.value else { throw .queueNotFound(name) }
        return queue
    }
}
