import AsyncJobs

extension StoreSession {
    /// Every queue with its live figures, sorted by name.
    func summaries() throws -> [QueueSummary] {
        let queues = try db.query("SELECT \(QueueColumns.columns) FROM queues ORDER BY name") { row in
            (QueueColumns.decode(row), QueueColumns.active(row))
        }
        return try queues.map { try summary(of: $0.0, active: $0.1) }
    }

    /// One queue with its live figures.
    func summary(queue name: String) throws -> QueueSummary {
        let (queue, active) = try loadQueue(name)
        return try summary(of: queue, active: active)
    }

    /// The queue's figures: counts from the maintained table, and two small index range reads on the
    /// waiting tasks, so a summary costs the same at a million tasks as at ten.
    private func summary(of queue: Queue, active: Int) throws -> QueueSummary {
        var counts: [TaskState: Int] = [:]
        for (state, count) in try db.query("SELECT state, n FROM counts WHERE queue = ? AND n > 0", queue.name, row: {
            (TaskState(rawValue: $0.text(0)), $0.int(1))
        }) {
            guard let state else { throw JobError.storage("queue \(queue.name) counts tasks in an unknown state") }
            counts[state] = count
        }
        let scheduled = Int(try db.scalar("""
            SELECT count(*) FROM tasks
            WHERE queue = ? AND lease_owner IS NULL AND available_ns IS NOT NULL AND available_ns > ?
            """, queue.name, now) ?? 0)
        let waiting = counts[.new, default: 0] + counts[.retry, default: 0]
        let oldest = try db.scalar("""
            SELECT min(available_ns) FROM tasks WHERE queue = ? AND lease_owner IS NULL AND available_ns IS NOT NULL
            """, queue.name).map(Timestamp.init(nanoseconds:))
        return QueueSummary(queue: queue, counts: counts, active: active, ready: max(0, waiting - scheduled),
                            scheduled: scheduled, oldestReady: oldest.flatMap { $0 <= now ? $0 : nil })
    }

    /// When the queue's scheduled retries are due, for those due after now and up to `until`.
    /// When the task is claimable, if it waits; `taskNotFound` if there is no such task.
    func nextAttempt(taskID: String) throws -> Timestamp? {
        let (rid, _) = try loadTask(taskID)
        return try db.scalar("SELECT available_ns FROM tasks WHERE rid = ? AND lease_owner IS NULL", rid)
            .map(Timestamp.init(nanoseconds:))
    }

    func upcomingRetries(queue: String, until: Timestamp) throws -> [Timestamp] {
        _ = try loadQueue(queue)
        return try db.query("""
            SELECT available_ns FROM tasks
            WHERE queue = ? AND lease_owner IS NULL AND available_ns IS NOT NULL AND available_ns > ? AND available_ns <= ?
            ORDER BY available_ns
            """, queue, now, until) { Timestamp(nanoseconds: $0.int64(0)) }
    }

    /// Completed and failed tasks per bucket for the `buckets` buckets ending now, oldest first; an event
    /// `age` old falls in bucket `age / bucket` counted back from the newest. Each count is its own query
    /// so each uses its partial index (`events_completions`, `events_failures`).
    func finishedCounts(queue: String, buckets: Int, bucket: Duration) throws -> FinishedCounts {
        _ = try loadQueue(queue)
        guard buckets > 0, bucket > .zero else { return .empty }
        let completed = try eventCounts(queue: queue, states: "state = 'complete'", buckets: buckets, bucket: bucket)
        let (arrived, capped) = try arrivalCounts(queue: queue, buckets: buckets, bucket: bucket)
        let failed = try eventCounts(queue: queue, states: "state IN ('expired', 'terminated')", buckets: buckets,
                                     bucket: bucket)
        // The oldest kept event, by its rowid: one index step, whatever the log's size.
        let first: Int64? = try db.scalar("SELECT at_ns FROM events ORDER BY seq LIMIT 1")
        let recorded = FinishedCounts.recorded(buckets: buckets, bucket: bucket, now: now,
                                               firstEvent: first.map(Timestamp.init(nanoseconds:)))
        return FinishedCounts(completed: completed, failed: failed, arrived: arrived, arrivedIsLowerBound: capped,
                              recordedBuckets: recorded)
    }

    /// The per-minute history of `queue` (every queue when nil) for the minutes starting in [from, to), by
    /// minute, queue and type: a range of the table's key.
    func minuteStats(queue: String?, from: Timestamp, to: Timestamp) throws -> [MinuteStats] {
        if let queue { _ = try loadQueue(queue) }
        return try db.query("""
            SELECT minute_ns, queue, type, completed, failed, retried, wait, run FROM minute_stats
            WHERE minute_ns >= ? AND minute_ns < ? AND (?3 IS NULL OR queue = ?3) ORDER BY minute_ns, queue, type
            """, from, to, queue) { row in
            MinuteStats(queue: row.text(1), type: row.text(2), minute: Timestamp(nanoseconds: row.int64(0)),
                        completed: row.int(3), failed: row.int(4), retried: row.int(5),
                        wait: try LatencyHistogram(encoded: row.bytes(6) ?? []),
                        run: try LatencyHistogram(encoded: row.bytes(7) ?? []))
        }
    }

    /// Events of the queue matching `states` (an SQL condition on `state` written as its partial index's)
    /// per bucket, oldest first.
    private func eventCounts(queue: String, states: String, buckets: Int, bucket: Duration) throws -> [Int] {
        let width = bucket.nanoseconds
        let span = width.multipliedReportingOverflow(by: Int64(buckets))
        let since = span.overflow ? Int64.min : now.nanoseconds &- span.partialValue
        var counts = [Int](repeating: 0, count: buckets)
        let rows = try db.query("""
            SELECT (?1 - at_ns) / ?2, count(*) FROM events
            WHERE queue = ?3 AND \(states) AND at_ns > ?4 AND at_ns <= ?1 GROUP BY 1
            """, now, width, queue, since) { (back: $0.int(0), count: $0.int(1)) }
        for row in rows where row.back < buckets { counts[buckets - 1 - row.back] += row.count }
        return counts
    }

    /// The queue's `new` events per bucket, counting only the newest ``FinishedCounts/arrivalsCountLimit``
    /// (an index walk from now backwards that stops there), and whether it stopped: right after an import of
    /// a million tasks, counting them all would take the dashboard's every-second read most of a second.
    private func arrivalCounts(queue: String, buckets: Int, bucket: Duration) throws -> ([Int], Bool) {
        let width = bucket.nanoseconds
        let span = width.multipliedReportingOverflow(by: Int64(buckets))
        let since = span.overflow ? Int64.min : now.nanoseconds &- span.partialValue
        let limit = FinishedCounts.arrivalsCountLimit
        var counts = [Int](repeating: 0, count: buckets)
        let rows = try db.query("""
            SELECT (?1 - at_ns) / ?2, count(*) FROM (
                SELECT at_ns FROM events WHERE queue = ?3 AND state = 'new' AND at_ns > ?4 AND at_ns <= ?1
                ORDER BY at_ns DESC LIMIT ?5)
            GROUP BY 1
            """, now, width, queue, since, limit) { (back: $0.int(0), count: $0.int(1)) }
        for row in rows where row.back < buckets { counts[buckets - 1 - row.back] += row.count }
        return (counts, counts.reduce(0, +) >= limit)
    }

    /// Events after `sequence`, oldest first, at most `limit`.
    func events(after sequence: Int64, limit: Int) throws -> [TaskEvent] {
        try db.query("""
            SELECT seq, at_ns, task_id, queue, type, state, tries, error FROM events WHERE seq > ? ORDER BY seq LIMIT ?
            """, sequence, max(0, limit)) { row in
            guard let state = TaskState(rawValue: row.text(5)) else {
                throw JobError.storage("event \(row.int64(0)) has an unknown state \"\(row.text(5))\"")
            }
            return TaskEvent(sequence: row.int64(0), at: Timestamp(nanoseconds: row.int64(1)), taskID: row.text(2),
                             queue: row.text(3), type: row.text(4), state: state, tries: row.int(6),
                             error: row.optionalText(7))
        }
    }

    /// The newest event's sequence, 0 when there is none.
    func latestEventSequence() throws -> Int64 {
        try db.scalar("SELECT max(seq) FROM events") ?? 0
    }

    /// Every task by state, and the number of queues.
    func totals() throws -> (counts: [TaskState: Int], queues: Int) {
        var counts: [TaskState: Int] = [:]
        for (name, count) in try db.query("SELECT state, sum(n) FROM counts GROUP BY state HAVING sum(n) > 0",
                                          row: { ($0.text(0), $0.int(1)) }) {
            if let state = TaskState(rawValue: name) { counts[state] = count }
        }
        let queues = Int(try db.scalar("SELECT count(*) FROM queues") ?? 0)
        return (counts, queues)
    }
}
