import AsyncJobs
import Foundation

/// Per-minute history (``AsyncJobs/MinuteStats``) added by writes, summed in memory and written to
/// `minute_stats` once per transaction, just before it commits.
///
/// Each operation's ``StoreSession`` fills one as it records claims, attempt ends and state changes; the
/// store adds it to the transaction's own when the operation succeeds, and the writer writes that one
/// before `COMMIT`. A group commit of 256 resolutions of one queue and type then reads and writes one
/// history row instead of 256, which keeps the cost off the hot path.
final class MinuteStatsChanges: @unchecked Sendable {
    // @unchecked: used by one operation at a time, or only on the writer's serial queue.

    /// The rows added so far.
    var ledger = MinuteStatsLedger()

    /// Adds what `other` recorded.
    func absorb(_ other: MinuteStatsChanges) {
        for row in other.ledger.rows.values { ledger.add(row) }
    }

    /// Forgets everything: the transaction it belonged to was rolled back.
    func discard() {
        ledger = MinuteStatsLedger()
    }

    /// Adds the rows to `minute_stats` and forgets them. Sorted, so two processes' writes touch rows in
    /// the same order.
    ///
    /// A stored histogram that cannot be read is replaced by the new one rather than failing the write:
    /// history must never stop the queue.
    func write(to db: Connection) throws {
        for row in ledger.drain() {
            var merged = row
            if let stored = try db.queryFirst("""
                SELECT completed, failed, retried, wait, run FROM minute_stats WHERE minute_ns = ? AND queue = ? AND type = ?
                """, row.minute, row.queue, row.type, row: { (completed: $0.int(0), failed: $0.int(1), retried: $0.int(2),
                                                               wait: $0.data(3), run: $0.data(4)) }) {
                merged.completed += stored.completed
                merged.failed += stored.failed
                merged.retried += stored.retried
                if let wait = try? LatencyHistogram(encoded: [UInt8](stored.wait ?? Data())) { merged.wait.merge(wait) }
                if let run = try? LatencyHistogram(encoded: [UInt8](stored.run ?? Data())) { merged.run.merge(run) }
            }
            try db.execute("""
                INSERT OR REPLACE INTO minute_stats(minute_ns, queue, type, completed, failed, retried, wait, run)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, row.minute, row.queue, row.type, merged.completed, merged.failed, merged.retried,
                Data(merged.wait.encoded), Data(merged.run.encoded))
        }
    }
}
