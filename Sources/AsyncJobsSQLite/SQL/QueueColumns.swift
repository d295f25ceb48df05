import AsyncJobs

/// How a queue is read from the `queues` table: one column list used by every query, and its decoder.
enum QueueColumns {
    /// The columns ``decode(_:)`` expects, in order; `active` last.
    static let columns = """
        name, max_concurrent, max_runtime_ns, max_tries, max_age_ns, max_entries, discard_old, paused, retention_ns, active
        """

    /// The queue's settings in the statement's current row.
    static func decode(_ row: Statement) -> Queue {
        Queue(
            name: row.text(0), maxConcurrent: row.int(1), maxRunTime: .nanoseconds(row.int64(2)),
            maxTries: row.int(3), maxAge: .nanoseconds(row.int64(4)), maxEntries: row.int(5),
            discardOld: row.int64(6) != 0, paused: row.int64(7) != 0, retention: .nanoseconds(row.int64(8)))
    }

    /// The number of leases held, from the same row.
    static func active(_ row: Statement) -> Int { row.int(9) }
}
