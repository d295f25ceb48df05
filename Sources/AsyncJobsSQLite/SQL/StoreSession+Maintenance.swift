import AsyncJobs

extension StoreSession {
    /// Deletes one bounded run of events older than `cutoff`, oldest first, never the newest event (so
    /// sequence numbers keep growing); returns whether any were deleted.
    func pruneEvents(olderThan cutoff: Timestamp, limit: Int) throws -> Bool {
        guard let first = try db.scalar("SELECT min(seq) FROM events"),
              let newest = try db.scalar("SELECT max(seq) FROM events") else { return false }
        let deleted = try db.execute("DELETE FROM events WHERE seq >= ? AND seq < ? AND at_ns < ?",
                                     first, min(newest, first + Int64(limit)), cutoff)
        return deleted > 0
    }
}
