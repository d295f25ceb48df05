import AsyncJobs

extension StoreSession {
    /// Most waiting tasks one claim expires (deadline or MaxAge) on its way to ready ones.
    static let maxExpiriesPerClaim = 1000

    /// Rescues the queue's expired leases, then leases up to `upTo` ready tasks to `worker` within the
    /// queue's free MaxConcurrent slots, expiring those past their deadline or MaxAge on the way.
    ///
    /// The whole step runs in the writer's `BEGIN IMMEDIATE` transaction, and reads `active` under that
    /// lock: this is what makes MaxConcurrent hold across processes and a task go to one worker only.
    ///
    /// At most ``maxExpiriesPerClaim`` tasks are expired per claim, so a backlog of stale work never
    /// holds the write lock for long; the claim's writes move the change token, so the caller comes back
    /// for the rest at once.
    func claim(queue name: String, upTo: Int, worker: String, leaseWindow: Duration) throws -> [Claim] {
        let (queue, active) = try loadQueue(name)
        let rescued = try rescueExpiredLeases(of: queue)
        let free = queue.paused ? 0 : max(0, min(upTo, queue.maxConcurrent - (active - rescued)))
        var claims: [Claim] = []
        var expired = 0
        while claims.count < free, expired < Self.maxExpiriesPerClaim {
            let candidates = try db.query("""
                SELECT rid, enqueued_ns, deadline_ns, state, coalesce(ready_ns, available_ns) FROM tasks
                WHERE queue = ? AND lease_owner IS NULL AND available_ns IS NOT NULL AND available_ns <= ?
                ORDER BY available_ns, rid LIMIT ?
                """, name, now, free - claims.count) { row in
                (rid: row.int64(0), enqueued: Timestamp(nanoseconds: row.int64(1)),
                 deadline: row.optionalInt64(2).map(Timestamp.init(nanoseconds:)), state: try TaskColumns.state(row, 3),
                 ready: Timestamp(nanoseconds: row.int64(4)))
            }
            if candidates.isEmpty { break }
            var leasable: [(rid: Int64, state: TaskState, ready: Timestamp)] = []
            for candidate in candidates {
                if let deadline = candidate.deadline, deadline < now {
                    try finish(rid: candidate.rid, from: candidate.state, to: .expired, error: AttemptRules.deadlineError,
                               tried: false)
                    expired += 1
                } else if queue.maxAge > .zero, now - candidate.enqueued > queue.maxAge {
                    try finish(rid: candidate.rid, from: candidate.state, to: .expired, error: AttemptRules.maxAgeError,
                               tried: false)
                    expired += 1
                } else {
                    leasable.append((candidate.rid, candidate.state, candidate.ready))
                }
            }
            claims += try lease(leasable, queue: queue, worker: worker, window: leaseWindow)
        }
        counters.addLeases(claims.count - rescued, queue: name)
        return claims
    }

    /// Ends every lease of the queue that ran out: the attempt is recorded `interrupted`, and the task is
    /// runnable at once in the place it had in the queue, or `expired` when out of tries, or `terminated`
    /// when an operator asked. Returns how many leases were released; the caller accounts for them in the
    /// queue's lease counter.
    private func rescueExpiredLeases(of queue: Queue) throws -> Int {
        let expired = try db.query("""
            SELECT rid, terminate_requested, tries, max_tries, attempts, lease_owner, lease_started_ns, id, available_ns,
                lease_expires_ns, type
            FROM tasks WHERE queue = ? AND lease_owner IS NOT NULL AND lease_expires_ns <= ?
            """, queue.name, now) { row in
            (rid: row.int64(0), terminate: row.int64(1) != 0, tries: row.int(2), maxTries: row.int(3),
             attempt: row.int(4), worker: row.text(5), started: Timestamp(nanoseconds: row.int64(6)), id: row.text(7),
             available: row.optionalInt64(8).map(Timestamp.init(nanoseconds:)),
             expired: Timestamp(nanoseconds: row.int64(9)), type: row.text(10))
        }
        for lease in expired {
            let error = AttemptRules.interruptedError
            let hasTriesLeft = AttemptRules.hasTriesLeft(tries: lease.tries, taskMaxTries: lease.maxTries,
                                                         queueMaxTries: queue.maxTries)
            try recordAttempt(taskID: lease.id, n: lease.attempt, worker: lease.worker, started: lease.started,
                              outcome: .interrupted, error: error)
            stats.ledger.attemptEnded(queue: queue.name, type: lease.type, started: lease.started, at: now,
                                      taskState: lease.terminate ? .terminated : hasTriesLeft ? .retry : .expired)
            if lease.terminate {
                try finish(rid: lease.rid, from: .active, to: .terminated, error: AttemptRules.operatorTerminateError,
                           tried: true)
            } else if !hasTriesLeft {
                try finish(rid: lease.rid, from: .active, to: .expired, error: error, tried: true)
            } else {
                // Runnable at once, in the place it had in the queue (a lease keeps `available_ns`): a crash
                // must not send a task to the back of a backlog it had already waited through. Its next
                // wait counts from when the lease ran out.
                try requeue(rid: lease.rid, at: min(lease.available ?? now, now), ready: min(lease.expired, now), error: error)
            }
        }
        return expired.count
    }

    /// Leases waiting tasks, in the order given: each becomes `active` with one more try, held for the
    /// lease window (never past start + MaxRunTime + grace). One statement for the whole batch, plus an
    /// event per task.
    ///
    /// The attempt number is the position in the task's history (`tasks.attempts`), not its tries: an
    /// operator retry restarts tries, but the history and the fence on the lease must keep counting. The
    /// running attempt is the lease itself; its history row is written when it ends.
    private func lease(_ tasks: [(rid: Int64, state: TaskState, ready: Timestamp)], queue: Queue, worker: String,
                       window: Duration) throws -> [Claim] {
        guard !tasks.isEmpty else { return [] }
        let list = "[" + tasks.map { String($0.rid) }.joined(separator: ",") + "]"
        let leaseExpires = now + Claim.leaseDuration(window: window, queue: queue)
        var leased: [Int64: (task: JobTask, attempt: Int)] = [:]
        leased.reserveCapacity(tasks.count)
        for row in try db.query("""
            UPDATE tasks SET state = 'active', tries = tries + 1, attempts = attempts + 1, tried_ns = ?1,
                lease_owner = ?2, lease_started_ns = ?1, lease_expires_ns = ?3
            WHERE rid IN (SELECT value FROM json_each(?4)) RETURNING rid, \(TaskColumns.returningColumns), attempts
            """, now, worker, leaseExpires, list, row: {
                (rid: $0.int64(0), task: try TaskColumns.decode($0, from: 1), attempt: $0.int(TaskColumns.count + 1))
            }) {
            leased[row.rid] = (row.task, row.attempt)
        }
        guard leased.count == tasks.count else {
            throw JobError.storage("\(tasks.count - leased.count) task rows vanished while being claimed")
        }
        return try tasks.compactMap { candidate in
            guard let (task, attempt) = leased[candidate.rid] else { return nil }
            counters.move(queue: queue.name, from: candidate.state, to: .active)
            stats.ledger.attemptStarted(queue: queue.name, type: task.type, ready: candidate.ready, at: now)
            try recordEvent(task)
            return Claim(task: task, queue: queue, worker: worker, attempt: attempt, started: now,
                         leaseExpires: leaseExpires)
        }
    }

    /// Applies `resolution` to the claim's attempt if the lease is still the claim's own.
    ///
    /// The fence and the whole change of the task row are one statement; the number of rows it changed
    /// says whether the lease was still ours. A task an operator asked to stop fails that statement's
    /// condition and is terminated by the second instead, whatever the handler's outcome.
    ///
    /// No `RETURNING`: SQLite buffers returned rows in a temporary table it opens and closes on every
    /// run, which cost more than the update itself. What the history and the event need is in the claim,
    /// which the fence proves current (nothing changes a leased task's tries but its lease).
    ///
    /// A task ending in a state of `discarding` is deleted with its history after its event is recorded.
    func resolve(_ claim: Claim, _ resolution: Resolution, discarding: DiscardStates) throws -> ResolutionReceipt {
        let fence = Self.leaseFence(claim)
        var state = resolution.state
        var outcome = resolution.outcome
        var error = resolution.error
        var completed: Timestamp?
        var result: JSONValue?
        var available: Timestamp?
        switch resolution {
        case .complete(let value): (completed, result) = (now, value)
        case .retry(let at, _, _): available = at
        case .expire, .terminate: break
        }
        var byOperator = false
        if try db.execute(Self.resolveSQL, [state.rawValue, error, result?.jsonData, completed, now, available] + fence) == 0 {
            guard try db.execute(Self.terminateOnResolveSQL, [AttemptRules.operatorTerminateError, now] + fence) == 1 else {
                return .leaseLost
            }
            (state, outcome, error, byOperator) = (.terminated, .terminated, AttemptRules.operatorTerminateError, true)
        }
        let task = claim.task
        counters.addLeases(-1, queue: task.queue)
        counters.move(queue: task.queue, from: .active, to: state)
        try recordAttempt(taskID: task.id, n: claim.attempt, worker: claim.worker, started: claim.started,
                          outcome: outcome, error: error)
        stats.ledger.attemptEnded(queue: task.queue, type: task.type, started: claim.started, at: now, taskState: state)
        try recordEvent(taskID: task.id, queue: task.queue, type: task.type, state: state, tries: task.tries, error: error)
        try settleDependents(of: task.id, state: state, error: error)
        if discarding.contains(state) { _ = try deleteTasks(where: "SELECT rid FROM tasks WHERE id = ?", [task.id]) }
        return byOperator ? .terminatedByOperator : .applied(state)
    }

    /// The fenced resolution of a lease no operator asked to stop: state, error, result, completion time,
    /// time tried, and when it is claimable again (NULL for a final state), then the fence.
    private static let resolveSQL = """
        UPDATE tasks SET state = ?, last_err = ?, result = ?, completed_ns = ?, tried_ns = ?, available_ns = ?,
            ready_ns = NULL, \(releasedLease)
        WHERE \(leaseFenceSQL) AND terminate_requested = 0
        """

    /// The fenced end of a lease an operator asked to stop: error and time tried, then the fence.
    private static let terminateOnResolveSQL = """
        UPDATE tasks SET state = 'terminated', last_err = ?, tried_ns = ?, \(noWork) WHERE \(leaseFenceSQL)
        """

    /// Renews each claim's lease to ``Claim/renewedExpiry(at:window:)``; per claim the new expiry, or nil
    /// when the lease is no longer the claim's. One fenced update per lease, all in the caller's write.
    func renewLeases(_ claims: [Claim], window: Duration) throws -> [Timestamp?] {
        try claims.map { claim in
            let expires = claim.renewedExpiry(at: now, window: window)
            let renewed = try db.execute("UPDATE tasks SET lease_expires_ns = ? WHERE \(Self.leaseFenceSQL)",
                                         [expires] + Self.leaseFence(claim)) == 1
            return renewed ? expires : nil
        }
    }

    /// Whether any queue holds a lease that ran out by now: one read of the leased-tasks index, so that
    /// processes that rescue every few seconds write only when there is something to rescue.
    func hasExpiredLeases() throws -> Bool {
        try db.scalar("SELECT 1 FROM tasks WHERE lease_owner IS NOT NULL AND lease_expires_ns <= ? LIMIT 1", now) != nil
    }

    /// Rescues the expired leases of every queue (see ``rescueExpiredLeases(of:)``); how many.
    func rescueExpiredLeases() throws -> Int {
        let names = try db.query("""
            SELECT DISTINCT queue FROM tasks WHERE lease_owner IS NOT NULL AND lease_expires_ns <= ?
            """, now) { $0.text(0) }
        var rescued = 0
        for name in names {
            let count = try rescueExpiredLeases(of: try loadQueue(name).queue)
            counters.addLeases(-count, queue: name)
            rescued += count
        }
        return rescued
    }

    /// The task's lease, or nil when it is not running; `taskNotFound` if none.
    func lease(taskID: String) throws -> Lease? {
        let row = try db.queryFirst("""
            SELECT lease_owner, attempts, lease_started_ns, lease_expires_ns, terminate_requested FROM tasks WHERE id = ?
            """, taskID) { row -> Lease? in
            guard let worker = row.optionalText(0) else { return nil }
            return Lease(taskID: taskID, worker: worker, attempt: row.int(1), started: Timestamp(nanoseconds: row.int64(2)),
                         expires: Timestamp(nanoseconds: row.int64(3)), terminateRequested: row.int64(4) != 0)
        }
        guard let row else { throw JobError.taskNotFound(taskID) }
        return row
    }

    /// Ids of tasks leased by `worker` whose termination an operator asked for.
    func terminateRequests(worker: String) throws -> [String] {
        try db.query("SELECT id FROM tasks WHERE lease_owner = ? AND terminate_requested = 1", worker) { $0.text(0) }
    }

    /// The earliest future time something in the queue may become claimable: a lease running out or a
    /// scheduled retry coming due. Work that is ready now is the caller's to claim, not to wait for.
    func nextWakeup(queue name: String) throws -> Timestamp? {
        _ = try loadQueue(name)
        let leaseEnd = try db.scalar(
            "SELECT min(lease_expires_ns) FROM tasks WHERE queue = ? AND lease_owner IS NOT NULL", name)
        let retryDue = try db.scalar("""
            SELECT min(available_ns) FROM tasks
            WHERE queue = ? AND lease_owner IS NULL AND available_ns IS NOT NULL AND available_ns > ?
            """, name, now)
        return [leaseEnd, retryDue].compactMap { $0 }.min().map(Timestamp.init(nanoseconds:))
    }
}
