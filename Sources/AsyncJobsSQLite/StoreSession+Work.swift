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
    func claim(queue name: String, upTo: Int, worker: String) throws -> [Claim] {
        let (queue, active) = try loadQueue(name)
        let rescued = try rescueExpiredLeases(of: queue)
        let free = queue.paused ? 0 : max(0, min(upTo, queue.maxConcurrent - (active - rescued)))
        var claims: [Claim] = []
        var expired = 0
        while claims.count < free, expired < Self.maxExpiriesPerClaim {
            let candidates = try db.query("""
                SELECT i.task, i.enqueued_ns, t.deadline_ns FROM items i JOIN tasks t ON t.rid = i.task
                WHERE i.queue = ? AND i.lease_owner IS NULL AND i.available_ns <= ?
                ORDER BY i.available_ns, i.task LIMIT ?
                """, name, now, free - claims.count) { row in
                (rid: row.int64(0), enqueued: Timestamp(nanoseconds: row.int64(1)),
                 deadline: row.optionalInt64(2).map(Timestamp.init(nanoseconds:)))
            }
            if candidates.isEmpty { break }
            var leasable: [Int64] = []
            for candidate in candidates {
                if let deadline = candidate.deadline, deadline < now {
                    try finish(rid: candidate.rid, state: .expired, error: AttemptRules.deadlineError, tried: false)
                    expired += 1
                } else if queue.maxAge > .zero, now - candidate.enqueued > queue.maxAge {
                    try finish(rid: candidate.rid, state: .expired, error: AttemptRules.maxAgeError, tried: false)
                    expired += 1
                } else {
                    leasable.append(candidate.rid)
                }
            }
            claims += try lease(leasable, queue: queue, worker: worker)
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

    /// Leases waiting tasks, in the order given: each becomes `active` with one more try, a `running`
    /// attempt is recorded, and its item is held until start + MaxRunTime + grace.
    ///
    /// Four statements for the whole batch, whatever its size. The attempt number is the position in
    /// the task's history (`tasks.attempts`), not its tries: an operator retry restarts tries, but the
    /// history and the fence on the lease must keep counting.
    private func lease(_ rids: [Int64], queue: Queue, worker: String) throws -> [Claim] {
        guard !rids.isEmpty else { return [] }
        let batch = "(SELECT value FROM json_each(?))"
        let list = "[" + rids.map(String.init).joined(separator: ",") + "]"
        var leased: [Int64: (task: JobTask, attempt: Int)] = [:]
        for row in try db.query("""
            UPDATE tasks SET state = 'active', tries = tries + 1, attempts = attempts + 1, tried_ns = ?
            WHERE rid IN \(batch) RETURNING rid, \(TaskRow.returningColumns), attempts
            """, now, list, row: { (rid: $0.int64(0), task: try TaskRow.decode($0, from: 1), attempt: $0.int(TaskRow.count + 1)) }) {
            leased[row.rid] = (row.task, row.attempt)
        }
        guard leased.count == rids.count else {
            throw JobError.storage("\(rids.count - leased.count) task rows vanished while being claimed")
        }
        try db.execute("""
            INSERT INTO attempts(task, n, worker, started_ns, outcome)
            SELECT rid, attempts, ?, ?, 'running' FROM tasks WHERE rid IN \(batch) ORDER BY rid
            """, worker, now, list)
        let leaseExpires = now + queue.maxRunTime + Claim.leaseGrace
        try db.execute("""
            UPDATE items SET lease_owner = ?, lease_started_ns = ?, lease_expires_ns = ?, deliveries = deliveries + 1,
                attempt = (SELECT attempts FROM tasks WHERE rid = items.task),
                attempt_row = (SELECT max(seq) FROM attempts WHERE attempts.task = items.task)
            WHERE task IN \(batch)
            """, worker, now, leaseExpires, list)
        try db.execute("""
            INSERT INTO events(at_ns, task_id, queue, type, state, tries, error)
            SELECT ?, id, queue, type, state, tries, last_err FROM tasks WHERE rid IN \(batch) ORDER BY rid
            """, now, list)
        return rids.compactMap { rid in
            leased[rid].map { Claim(task: $0.task, queue: queue, worker: worker, attempt: $0.attempt, started: now,
                                    leaseExpires: leaseExpires) }
        }
    }

    /// Applies `resolution` to the claim's attempt if the lease is still the claim's own.
    ///
    /// The fence and the item's change are one statement: a retry releases the lease in place, anything
    /// else deletes the item, and `RETURNING` says whether the lease was still ours.
    func resolve(_ claim: Claim, _ resolution: Resolution) throws -> ResolutionReceipt {
        let fence = Self.leaseFence(claim)
        let returning = "RETURNING task, attempt_row, terminate_requested, queue"
        let decode = { (row: Statement) in
            (rid: row.int64(0), attemptRow: row.int64(1), terminate: row.int64(2) != 0, queue: row.text(3))
        }
        var lease: (rid: Int64, attemptRow: Int64, terminate: Bool, queue: String)?
        if case .retry(let at, _, _) = resolution {
            // A task an operator asked to stop is not requeued: it falls through to the delete below.
            lease = try db.query("""
                UPDATE items SET \(Self.releasedLease), available_ns = ?
                WHERE \(Self.leaseFenceSQL) AND terminate_requested = 0 \(returning)
                """, [at] + fence, row: decode).first
        }
        if lease == nil {
            lease = try db.query("DELETE FROM items WHERE \(Self.leaseFenceSQL) \(returning)", fence, row: decode).first
        }
        guard let lease else { return .leaseLost }
        try adjustActive(queue: lease.queue, by: -1)
        if lease.terminate {
            let error = AttemptRules.operatorTerminateError
            try endAttempt(row: lease.attemptRow, outcome: .terminated, error: error)
            try setState(rid: lease.rid, .terminated, error: error, tried: true)
            return .terminatedByOperator
        }
        try endAttempt(row: lease.attemptRow, outcome: resolution.outcome, error: resolution.error)
        switch resolution {
        case .complete(let result):
            try db.execute("""
                UPDATE tasks SET state = 'complete', result = ?, completed_ns = ?, last_err = NULL, tried_ns = ?
                WHERE rid = ?
                """, result.jsonData, now, now, lease.rid)
            try recordEvent(rid: lease.rid)
        case .retry(_, _, let error), .expire(_, let error), .terminate(let error):
            try setState(rid: lease.rid, resolution.state, error: error, tried: true)
        }
        return .applied(resolution.state)
    }

    /// Pushes the claim's lease out to `until`; false when the lease is no longer the claim's.
    func extend(_ claim: Claim, until: Timestamp) throws -> Bool {
        try db.execute("UPDATE items SET lease_expires_ns = ? WHERE \(Self.leaseFenceSQL)", [until] + Self.leaseFence(claim)) == 1
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
