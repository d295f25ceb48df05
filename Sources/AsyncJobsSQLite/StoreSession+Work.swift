import AsyncJobs

extension StoreSession {
    /// Rescues the queue's expired leases, then leases up to `upTo` ready tasks to `worker` within the
    /// queue's free MaxConcurrent slots, expiring those past their deadline or MaxAge on the way.
    ///
    /// The whole step runs in the writer's `BEGIN IMMEDIATE` transaction, and reads `active` under that
    /// lock: this is what makes MaxConcurrent hold across processes and a task go to one worker only.
    func claim(queue name: String, upTo: Int, worker: String) throws -> [Claim] {
        let (queue, active) = try loadQueue(name)
        let rescued = try rescueExpiredLeases(of: queue)
        let free = queue.paused ? 0 : max(0, min(upTo, queue.maxConcurrent - (active - rescued)))
        var claims: [Claim] = []
        while claims.count < free {
            let candidates = try db.query("""
                SELECT i.task, i.enqueued_ns, t.deadline_ns FROM items i JOIN tasks t ON t.rid = i.task
                WHERE i.queue = ? AND i.lease_owner IS NULL AND i.available_ns <= ?
                ORDER BY i.available_ns, i.task LIMIT ?
                """, name, now, free - claims.count) { row in
                (rid: row.int64(0), enqueued: Timestamp(nanoseconds: row.int64(1)),
                 deadline: row.optionalInt64(2).map(Timestamp.init(nanoseconds:)))
            }
            if candidates.isEmpty { break }
            for candidate in candidates {
                if let deadline = candidate.deadline, deadline < now {
                    try finish(rid: candidate.rid, state: .expired, error: AttemptRules.deadlineError, tried: false)
                } else if queue.maxAge > .zero, now - candidate.enqueued > queue.maxAge {
                    try finish(rid: candidate.rid, state: .expired, error: AttemptRules.maxAgeError, tried: false)
                } else {
                    claims.append(try lease(rid: candidate.rid, queue: queue, worker: worker))
                }
            }
        }
        try adjustActive(queue: name, by: claims.count - rescued)
        return claims
    }

    /// Ends every lease of the queue that ran out: the attempt is recorded `interrupted`, and the task is
    /// runnable at once, or `expired` when out of tries, or `terminated` when an operator asked. Returns
    /// how many leases were released.
    private func rescueExpiredLeases(of queue: Queue) throws -> Int {
        let expired = try db.query("""
            SELECT i.task, i.attempt_row, i.terminate_requested, t.tries, t.max_tries
            FROM items i JOIN tasks t ON t.rid = i.task
            WHERE i.queue = ? AND i.lease_owner IS NOT NULL AND i.lease_expires_ns <= ?
            """, queue.name, now) { row in
            (rid: row.int64(0), attemptRow: row.int64(1), terminate: row.int64(2) != 0, tries: row.int(3),
             maxTries: row.int(4))
        }
        for lease in expired {
            let error = AttemptRules.interruptedError
            try endAttempt(row: lease.attemptRow, outcome: .interrupted, error: error)
            if lease.terminate {
                try finish(rid: lease.rid, state: .terminated, error: AttemptRules.operatorTerminateError, tried: true)
            } else if !AttemptRules.hasTriesLeft(tries: lease.tries, taskMaxTries: lease.maxTries,
                                                 queueMaxTries: queue.maxTries) {
                try finish(rid: lease.rid, state: .expired, error: error, tried: true)
            } else {
                try requeue(rid: lease.rid, at: now, error: error)
            }
        }
        return expired.count
    }

    /// Leases one waiting task: the task becomes `active` with one more try, a `running` attempt is
    /// recorded, and the item is held until start + MaxRunTime + grace.
    ///
    /// The attempt number is the position in the task's history, not its tries: an operator retry
    /// restarts tries but the history (and the fence on the lease) must keep counting.
    private func lease(rid: Int64, queue: Queue, worker: String) throws -> Claim {
        let task = try db.queryFirst("""
            UPDATE tasks SET state = 'active', tries = tries + 1, tried_ns = ? WHERE rid = ?
            RETURNING \(TaskRow.returningColumns)
            """, now, rid) { try TaskRow.decode($0) }
        guard let task else { throw JobError.storage("task row \(rid) vanished while being claimed") }
        let attempt = Int(try db.scalar("SELECT coalesce(max(n), 0) + 1 FROM attempts WHERE task = ?", rid) ?? 1)
        try db.execute("INSERT INTO attempts(task, n, worker, started_ns, outcome) VALUES (?, ?, ?, ?, 'running')",
                       rid, attempt, worker, now)
        let leaseExpires = now + queue.maxRunTime + Claim.leaseGrace
        try db.execute("""
            UPDATE items SET lease_owner = ?, lease_started_ns = ?, lease_expires_ns = ?, attempt = ?,
                attempt_row = ?, deliveries = deliveries + 1 WHERE task = ?
            """, worker, now, leaseExpires, attempt, db.lastInsertRowID, rid)
        try recordEvent(rid: rid)
        return Claim(task: task, queue: queue, worker: worker, attempt: attempt, started: now,
                     leaseExpires: leaseExpires)
    }

    /// Applies `resolution` to the claim's attempt if the lease is still the claim's own.
    func resolve(_ claim: Claim, _ resolution: Resolution) throws -> ResolutionReceipt {
        let lease = try db.queryFirst("""
            SELECT i.task, i.attempt_row, i.terminate_requested, t.queue FROM items i JOIN tasks t ON t.rid = i.task
            WHERE t.id = ? AND i.lease_owner = ? AND i.attempt = ? AND i.lease_started_ns = ?
            """, claim.task.id, claim.worker, claim.attempt, claim.started) { row in
            (rid: row.int64(0), attemptRow: row.int64(1), terminate: row.int64(2) != 0, queue: row.text(3))
        }
        guard let lease else { return .leaseLost }
        try adjustActive(queue: lease.queue, by: -1)
        if lease.terminate {
            let error = AttemptRules.operatorTerminateError
            try endAttempt(row: lease.attemptRow, outcome: .terminated, error: error)
            try finish(rid: lease.rid, state: .terminated, error: error, tried: true)
            return .terminatedByOperator
        }
        try endAttempt(row: lease.attemptRow, outcome: resolution.outcome, error: resolution.error)
        switch resolution {
        case .complete(let result):
            try db.execute("DELETE FROM items WHERE task = ?", lease.rid)
            try db.execute("""
                UPDATE tasks SET state = 'complete', result = ?, completed_ns = ?, last_err = NULL, tried_ns = ?
                WHERE rid = ?
                """, result.jsonData, now, now, lease.rid)
            try recordEvent(rid: lease.rid)
        case .retry(let at, _, let error):
            try requeue(rid: lease.rid, at: at, error: error)
        case .expire(_, let error), .terminate(let error):
            try finish(rid: lease.rid, state: resolution.state, error: error, tried: true)
        }
        return .applied(resolution.state)
    }

    /// Pushes the claim's lease out to `until`; false when the lease is no longer the claim's.
    func extend(_ claim: Claim, until: Timestamp) throws -> Bool {
        try db.execute("""
            UPDATE items SET lease_expires_ns = ?
            WHERE task = (SELECT rid FROM tasks WHERE id = ?) AND lease_owner = ? AND attempt = ? AND lease_started_ns = ?
            """, until, claim.task.id, claim.worker, claim.attempt, claim.started) == 1
    }

    /// Ids of tasks leased by `worker` whose termination an operator asked for.
    func terminateRequests(worker: String) throws -> [String] {
        try db.query("""
            SELECT t.id FROM items i JOIN tasks t ON t.rid = i.task
            WHERE i.lease_owner = ? AND i.terminate_requested = 1
            """, worker) { $0.text(0) }
    }

    /// The earliest future time something in the queue may become claimable: a lease running out or a
    /// scheduled retry coming due. Work that is ready now is the caller's to claim, not to wait for.
    func nextWakeup(queue name: String) throws -> Timestamp? {
        _ = try loadQueue(name)
        let leaseEnd = try db.scalar(
            "SELECT min(lease_expires_ns) FROM items WHERE queue = ? AND lease_owner IS NOT NULL", name)
        let retryDue = try db.scalar(
            "SELECT min(available_ns) FROM items WHERE queue = ? AND lease_owner IS NULL AND available_ns > ?", name, now)
        return [leaseEnd, retryDue].compactMap { $0 }.min().map(Timestamp.init(nanoseconds:))
    }
}
