import AsyncJobs

extension StoreSession {
    /// Inserts the queue; `queueExists` if the name is taken.
    func createQueue(_ queue: Queue) throws {
        try queue.validate()
        guard try insertQueue(queue) else { throw JobError.queueExists(queue.name) }
    }

    /// Inserts the queue unless one has its name; returns whether it was inserted.
    @discardableResult
    func insertQueue(_ queue: Queue) throws -> Bool {
        try db.execute("""
            INSERT INTO queues(name, max_concurrent, max_runtime_ns, max_tries, max_age_ns, max_entries, discard_old, paused,
                retention_ns)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING
            """, queue.name, queue.maxConcurrent, queue.maxRunTime.nanoseconds, queue.maxTries,
            queue.maxAge.nanoseconds, queue.maxEntries, queue.discardOld, queue.paused, queue.retention.nanoseconds) == 1
    }

    /// Every queue, sorted by name.
    func queues() throws -> [Queue] {
        try db.query("SELECT \(QueueColumns.columns) FROM queues ORDER BY name") { QueueColumns.decode($0) }
    }

    /// Applies `changes` to the queue and returns its new settings.
    func updateQueue(_ name: String, _ changes: QueueChanges) throws -> Queue {
        let updated = try changes.applied(to: loadQueue(name).queue)
        try db.execute("""
            UPDATE queues SET max_concurrent = ?, max_runtime_ns = ?, max_tries = ?, max_age_ns = ?, max_entries = ?,
                discard_old = ?, paused = ?, retention_ns = ? WHERE name = ?
            """, updated.maxConcurrent, updated.maxRunTime.nanoseconds, updated.maxTries, updated.maxAge.nanoseconds,
            updated.maxEntries, updated.discardOld, updated.paused, updated.retention.nanoseconds, name)
        return updated
    }

    /// Removes the queue with every task, attempt and count of it.
    func removeQueue(_ name: String) throws {
        _ = try loadQueue(name)
        _ = try deleteTasks(where: "SELECT rid FROM tasks WHERE queue = ?", [name])
        try db.execute("DELETE FROM counts WHERE queue = ?", name)
        try db.execute("DELETE FROM minute_stats WHERE queue = ?", name)
        try db.execute("DELETE FROM queues WHERE name = ?", name)
    }

    /// Deletes the queue's waiting tasks (in the queue and not leased); returns how many.
    func purgeQueue(_ name: String) throws -> Int {
        _ = try loadQueue(name)
        return try deleteTasks(where: """
            SELECT rid FROM tasks WHERE queue = ? AND lease_owner IS NULL AND available_ns IS NOT NULL
            """, [name])
    }
}
