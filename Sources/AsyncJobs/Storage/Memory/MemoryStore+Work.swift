extension MemoryStore {
    public func claim(queue name: String, upTo: Int, worker: String, leaseWindow: Duration) async throws -> [Claim] {
        try mutate { state, now throws(JobError) in
            let queue = try state.queue(name)
            state.rescueExpiredLeases(of: name, now: now)
            guard !queue.paused, upTo > 0 else { return [] }
            let active = state.items.values.count { $0.queue == name && $0.isLeased }
            var free = min(upTo, queue.maxConcurrent - active)
            guard free > 0 else { return [] }
            let ready = state.items.filter { !$0.value.isLeased && $0.value.queue == name && $0.value.available <= now }
                .sorted { ($0.value.available, $0.key) < ($1.value.available, $1.key) }
            var claims: [Claim] = []
            for (id, item) in ready {
                guard free > 0 else { break }
                guard var task = state.tasks[id] else { state.items[id] = nil; continue }
                if let expiry = state.expiryReason(task, item: item, queue: queue, now: now) {
                    state.items[id] = nil
                    state.finish(id, as: .expired, error: expiry, at: now)
                    state.version += 1
                    continue
                }
                task.state = .active
                task.tries += 1
                task.tried = now
                state.tasks[id] = task
                let attempt = (state.attempts[id]?.count ?? 0) + 1
                var leased = item
                leased.leaseOwner = worker
                leased.leaseAttempt = attempt
                leased.leaseExpires = now + Claim.leaseDuration(window: leaseWindow, queue: queue)
                state.items[id] = leased
                state.attempts[id, default: []].append(Attempt(n: attempt, worker: worker, started: now))
                state.stats.attemptStarted(queue: task.queue, type: task.type, ready: item.ready, at: now)
                state.record(task, at: now)
                state.version += 1
                claims.append(Claim(task: task, queue: queue, worker: worker, attempt: attempt, started: now,
                                    leaseExpires: leased.leaseExpires!))
                free -= 1
            }
            return claims
        }
    }

    @discardableResult
    public func resolve(_ claim: Claim, _ resolution: Resolution, discarding: DiscardStates) async throws -> ResolutionReceipt {
        try mutate { state, now throws(JobError) in
            let id = claim.task.id
            guard let item = state.items[id], item.leaseOwner == claim.worker, item.leaseAttempt == claim.attempt,
                  var task = state.tasks[id]
            else { return .leaseLost }
            state.version += 1
            task.tried = now
            if item.terminateRequested {
                state.endAttempt(id, n: claim.attempt, outcome: .terminated, error: AttemptRules.operatorTerminateError,
                                 taskState: .terminated, at: now)
                state.items[id] = nil
                task.state = .terminated
                task.lastError = AttemptRules.operatorTerminateError
                state.tasks[id] = task
                state.record(task, at: now)
                state.settleDependents(of: id, at: now)
                if discarding.contains(.terminated) { state.forget(id, at: now) }
                return .terminatedByOperator
            }
            state.endAttempt(id, n: claim.attempt, outcome: resolution.outcome, error: resolution.error,
                             taskState: resolution.state, at: now)
            task.state = resolution.state
            task.lastError = resolution.error
            switch resolution {
            case .complete(let result):
                task.result = TaskResult(payload: result, completed: now)
                state.items[id] = nil
            case .retry(let at, _, _):
                var waiting = item
                waiting.leaseOwner = nil
                waiting.leaseExpires = nil
                waiting.available = at
                waiting.ready = at
                state.items[id] = waiting
            case .expire, .terminate:
                state.items[id] = nil
            }
            state.tasks[id] = task
            state.record(task, at: now)
            state.settleDependents(of: id, at: now)
            if discarding.contains(task.state) { state.forget(id, at: now) }
            return .applied(task.state)
        }
    }

    @discardableResult
    public func pruneFinished(limit: Int) async throws -> Int {
        try mutate { state, now throws(JobError) in
            let queues = state.queues
            let doomed = state.tasks.values.lazy.filter { task in
                guard task.state.isFinal, let retention = queues[task.queue]?.retention, retention > .zero
                else { return false }
                return max(task.created, task.tried ?? task.created) < now - retention
            }.prefix(max(0, limit)).map(\.id)
            for id in doomed { state.forget(id, at: now) }
            if !doomed.isEmpty { state.version += 1 }
            state.stats.prune(before: now - MinuteStats.retention)
            return doomed.count
        }
    }

    public func renewLeases(_ claims: [Claim], window: Duration) async throws -> [Timestamp?] {
        try mutate { state, now in
            claims.map { claim -> Timestamp? in
                guard var item = state.items[claim.task.id], item.leaseOwner == claim.worker,
                      item.leaseAttempt == claim.attempt else { return nil }
                let expires = claim.renewedExpiry(at: now, window: window)
                item.leaseExpires = expires
                state.items[claim.task.id] = item
                return expires
            }
        }
    }

    @discardableResult
    public func rescueExpiredLeases() async throws -> Int {
        try mutate { state, now in
            state.queues.keys.sorted().reduce(0) { $0 + state.rescueExpiredLeases(of: $1, now: now) }
        }
    }

    public func lease(taskID: String) async throws -> Lease? {
        try read { state, _ throws(JobError) in
            guard state.tasks[taskID] != nil else { throw .taskNotFound(taskID) }
            guard let item = state.items[taskID], let worker = item.leaseOwner, let expires = item.leaseExpires,
                  let started = state.attempts[taskID]?.first(where: { $0.n == item.leaseAttempt })?.started
            else { return nil }
            return Lease(taskID: taskID, worker: worker, attempt: item.leaseAttempt, started: started,
                         expires: expires, terminateRequested: item.terminateRequested)
        }
    }

    public func terminateRequests(worker: String) async throws -> [String] {
        read { state, _ in
            state.items.filter { $0.value.leaseOwner == worker && $0.value.terminateRequested }.map(\.key).sorted()
        }
    }

    public func nextWakeup(queue name: String) async throws -> Timestamp? {
        try read { state, now throws(JobError) in
            _ = try state.queue(name)
            return state.items.values.filter { $0.queue == name }.compactMap { item -> Timestamp? in
                if let expires = item.leaseExpires { return expires }
                return item.available > now ? item.available : nil
            }.min()
        }
    }

    public func awaitChange(since: ChangeToken, deadline: Timestamp) async throws -> ChangeToken {
        let clock = self.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(until: deadline) }
            group.addTask { await self.waitForVersion(other: since) }
            await group.next()
            group.cancelAll()
        }
        return try await changeToken()
    }

    /// Suspends until the version differs from `token`'s, or the calling task is cancelled.
    private func waitForVersion(other token: ChangeToken) async {
        try? await changeWaiters.wait { state.withLock { ChangeToken($0.version) } != token }
    }

    public func changeToken() async throws -> ChangeToken {
        state.withLock { ChangeToken($0.version) }
    }
}

extension MemoryStore.State {
    /// Makes the queue's tasks whose worker vanished runnable again, recording the lost attempt; returns
    /// how many leases it released.
    @discardableResult
    mutating func rescueExpiredLeases(of queueName: String, now: Timestamp) -> Int {
        guard let queue = queues[queueName] else { return 0 }
        let lost = items.filter { $0.value.queue == queueName && ($0.value.leaseExpires.map { $0 <= now } ?? false) }
        for (id, item) in lost {
            version += 1
            guard let task = tasks[id] else { items[id] = nil; continue }
            let outcome: TaskState = item.terminateRequested ? .terminated
                : AttemptRules.hasTriesLeft(tries: task.tries, taskMaxTries: task.maxTries, queueMaxTries: queue.maxTries)
                    ? .retry : .expired
            endAttempt(id, n: item.leaseAttempt, outcome: .interrupted, error: AttemptRules.interruptedError,
                       taskState: outcome, at: now)
            switch outcome {
            case .terminated:
                items[id] = nil
                finish(id, as: .terminated, error: AttemptRules.operatorTerminateError, at: now)
            case .expired:
                items[id] = nil
                finish(id, as: .expired, error: AttemptRules.interruptedError, at: now)
            default:
                // Runnable at once, in the place it had in the queue (a lease keeps `available`); its
                // next wait counts from when the lease ran out.
                var waiting = item
                waiting.leaseOwner = nil
                waiting.leaseExpires = nil
                waiting.available = min(item.available, now)
                waiting.ready = min(item.leaseExpires ?? now, now)
                items[id] = waiting
                finish(id, as: .retry, error: AttemptRules.interruptedError, at: now)
            }
        }
        return lost.count
    }

    /// Why a ready task must expire instead of running, if it must.
    func expiryReason(_ task: JobTask, item: MemoryStore.Item, queue: Queue, now: Timestamp) -> String? {
        if let deadline = task.deadline, deadline < now { return AttemptRules.deadlineError }
        if queue.maxAge > .zero, now - item.enqueued > queue.maxAge { return AttemptRules.maxAgeError }
        return nil
    }
}
