import AsyncJobs
import JetStream

/// Heartbeat leases on top of JetStream's AckWait: the lease's expiry is the store clock's, renewals also
/// tell the server the item is in progress (`+WPI`), and a rescue makes the task runnable at once by NAKing
/// the held item instead of waiting for AckWait (= MaxRunTime).
extension JetStreamStore {
    public func renewLeases(_ claims: [Claim], window: Duration) async throws -> [Timestamp?] {
        // Beside the gated writes, all in flight together: each renewal is a compare-and-set on its own
        // lease's run record, which fences a rescue or a resolution of the same task as across processes.
        try await write("renewing \(claims.count) lease(s)", exclusive: false) {
            let now = clock.now()
            let distinct = Set(claims.map(\.task.id)).count == claims.count
            return try await concurrently(claims, limit: distinct ? 64 : 1) { [self] claim in
                try await renew(claim, window: window, now: now)
            }
        }
    }

    private func renew(_ claim: Claim, window: Duration, now: Timestamp) async throws -> Timestamp? {
        let id = claim.task.id
        for _ in 0..<3 {
            guard var run = read({ $0.runs[id]?.value }), var item = run.item, var lease = item.lease,
                  lease.worker == claim.worker, lease.attempt == claim.attempt else { return nil }
            let expires = claim.renewedExpiry(at: now, window: window)
            lease.expires = expires
            item.lease = lease
            run.item = item
            do {
                try await putRun(run, of: id)
            } catch is Conflict {
                try await refresh(id)
                continue
            }
            try await acknowledge(lease.ackSubject, .inProgress)
            return expires
        }
        return nil
    }

    @discardableResult
    public func rescueExpiredLeases() async throws -> Int {
        // Every pool and ajtop calls this every 2 s: the place to notice what other programs deleted.
        try? await refreshQueues(force: false)
        try? await reconcileDeletes()
        let now = clock.now()
        let anyExpired = read { mirror in mirror.allLeased.contains { $0.item.lease.map { $0.expires <= now } ?? false } }
        guard anyExpired else { return 0 }
        return try await write("rescuing expired leases") {
            var rescued = 0
            for name in read({ $0.queues.keys.sorted() }) { rescued += try await rescueExpiredLeases(of: name, now: now) }
            return rescued
        }
    }

    /// Rescues the queue's expired leases (under the gate): the attempt `interrupted`; the task runnable at
    /// once in its place (the held item NAKed), or `expired` when out of tries, or `terminated` when asked.
    @discardableResult
    func rescueExpiredLeases(of name: String, now: Timestamp) async throws -> Int {
        guard let queue = read({ $0.queues[name]?.value }) else { return 0 }
        let lost = read { mirror in
            mirror.items(mirror.index[name]?.leased ?? []).filter { $0.item.lease.map { $0.expires <= now } ?? false }
                .map(\.id).sorted()
        }
        var rescued = 0
        for id in lost where try await rescue(id, queue: queue, now: now) { rescued += 1 }
        return rescued
    }

    private func rescue(_ id: String, queue: Queue, now: Timestamp) async throws -> Bool {
        for _ in 0..<3 {
            guard var run = read({ $0.runs[id]?.value }), var item = run.item, let lease = item.lease, lease.expires <= now
            else { return false }
            run.endAttempt(lease.attempt, outcome: .interrupted, error: AttemptRules.interruptedError, at: now)
            let current = read { $0.tasks[id]?.listed }
            let outcome: (state: TaskState, error: String)
            let ack: AckKind
            if item.terminateRequested {
                run.item = nil
                outcome = (.terminated, AttemptRules.operatorTerminateError)
                ack = .ack
            } else if let current,
                      !AttemptRules.hasTriesLeft(tries: current.tries, taskMaxTries: current.maxTries, queueMaxTries: queue.maxTries) {
                run.item = nil
                outcome = (.expired, AttemptRules.interruptedError)
                ack = .ack
            } else {
                // Runnable at once, in the place it had in the queue (the held item is NAKed back to the front).
                item.lease = nil
                item.available = min(item.available, now)
                run.item = item
                outcome = (.retry, AttemptRules.interruptedError)
                ack = .nak(delay: nil)
            }
            do {
                try await putRun(run, of: id)
            } catch is Conflict {
                try await refresh(id)
                continue
            }
            // The attempt's end is on the run record now: the task record must follow, or the task would
            // stay `active` with no lease to rescue.
            let written = try await persisting {
                try await updateTask(id) { task in
                    var task = task
                    task.state = outcome.state
                    task.lastError = outcome.error
                    return task
                }
            }
            // The item is let go before the event: a lost event must not hold its MaxAckPending slot.
            try? await acknowledge(lease.ackSubject, ack)
            if let written {
                try await publishEvent(written, at: now)
                stats.record { $0.attemptEnded(queue: written.queue, type: written.type, started: lease.started, at: now, taskState: written.state) }
                try await settleDependents(of: id, parent: written, at: now)
            }
            return true
        }
        return false
    }

    public func terminateRequests(worker: String) async throws -> [String] {
        try requireRunRecords("reading the terminate requests of worker \(worker)")
        return read { mirror in
            mirror.allLeased.filter { $0.item.terminateRequested && $0.item.lease?.worker == worker }.map(\.id).sorted()
        }
    }

    public func nextWakeup(queue name: String) async throws -> Timestamp? {
        try requireRunRecords("reading the next wake-up of queue \(name)")
        let now = clock.now()
        return try read { mirror throws(JobError) in
            _ = try mirror.queue(name)
            let index = mirror.index[name] ?? Mirror.QueueIndex()
            let leases = mirror.items(index.leased).compactMap(\.item.lease?.expires)
            let retries = mirror.items(index.unpublished).map(\.item.available).filter { $0 > now }
            return (leases + retries).min()
        }
    }

    @discardableResult
    public func pruneFinished(limit: Int) async throws -> Int {
        try await write("pruning finished tasks") {
            let now = clock.now()
            let doomed = read { mirror in
                mirror.tasks.values.lazy.map(\.listed).filter { task in
                    guard task.state.isFinal, let retention = mirror.queues[task.queue]?.value.retention, retention > .zero
                    else { return false }
                    return max(task.created, task.tried ?? task.created) < now - retention
                }.prefix(max(0, limit)).map(\.id)
            }
            for id in doomed { try await eraseTask(id) }
            changed { $0.pruneEvents(before: now - StoreLayout.eventHistory) }
            return doomed.count
        }
    }
}
