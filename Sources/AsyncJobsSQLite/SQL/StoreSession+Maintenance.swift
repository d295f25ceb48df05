import AsyncJobs

extension StoreSession {
    /// One maintenance pass: final tasks past their queue's retention, then events older than the store's
    /// event window and per-minute history older than ``AsyncJobs/MinuteStats/retention``, each at most
    /// `limit`; returns how many tasks were deleted and whether any events or history rows were.
    func maintain(limit: Int) throws -> (tasks: Int, events: Bool) {
        let tasks = try pruneFinished(limit: limit)
        let events = try pruneEvents(olderThan: now - SQLiteStore.eventRetention, limit: limit)
        let history = try pruneMinuteStats(olderThan: now - MinuteStats.retention, limit: limit)
        return (tasks, events || history)
    }

    /// Deletes up to `limit` history rows of minutes that started before `cutoff` (the oldest first, a
    /// range of the key); returns whether any were deleted.
    func pruneMinuteStats(olderThan cutoff: Timestamp, limit: Int) throws -> Bool {
        try db.execute("""
            DELETE FROM minute_stats WHERE (minute_ns, queue, type) IN
                (SELECT minute_ns, queue, type FROM minute_stats WHERE minute_ns < ? ORDER BY minute_ns LIMIT ?)
            """, cutoff, limit) > 0
    }

    /// Deletes one bounded run of events older than `cutoff`, oldest first, never the newest event (so
    /// sequence numbers keep growing); returns whether any were deleted.
    func pruneEvents(olderThan cutoff: Timestamp, limit: Int) throws -> Bool {
        guard let first = try db.scalar("SELECT min(seq) FROM events"),
              let newest = try db.scalar("SELECT max(seq) FROM events") else { return false }
        let deleted = try db.execute("DELETE FROM events WHERE seq >= ? AND seq < ? AND at_ns < ?",
                                     first, min(newest, first + Int64(limit)), cutoff)
        return deleted > 0
    }

    /// Deletes, with their history, up to `limit` final tasks whose queue's retention has passed since
    /// their creation and their last attempt; returns how many.
    ///
    /// Each (queue, final state) partition is a range read of `tasks_queue_state` up to the cutoff on
    /// `created_ns`; the last attempt is checked on the rows found, which are few once the pass keeps up.
    func pruneFinished(limit: Int) throws -> Int {
        let queues = try db.query("SELECT name, retention_ns FROM queues WHERE retention_ns > 0") {
            (name: $0.text(0), retention: Duration.nanoseconds($0.int64(1)))
        }
        var deleted = 0
        for queue in queues {
            let cutoff = now - queue.retention
            for state in TaskState.allCases where state.isFinal && deleted < limit {
                deleted += try deleteTasks(where: """
                    SELECT rid FROM tasks WHERE queue = ? AND state = ? AND created_ns < ?
                        AND coalesce(tried_ns, created_ns) < ? LIMIT ?
                    """, [queue.name, state.rawValue, cutoff, cutoff, limit - deleted])
            }
        }
        return deleted
    }
}
