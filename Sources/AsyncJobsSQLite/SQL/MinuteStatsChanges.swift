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
    /// Every commit that resolved work runs this, so it stays short: the stored row's histograms are read
    /// as blobs and merged with the new durations byte by byte (``AsyncJobs/LatencyHistogram/encoded(mergingEncoded:)``),
    /// and the counts are added by the upsert itself, which updates the row in place (a `REPLACE` would
    /// delete and insert it). A stored histogram that cannot be read is replaced by the new one rather
    /// than failing the write: history must never stop the queue.
    func write(to db: Connection) throws {
        for row in ledger.drain() {
            let stored = try db.queryFirst("""
                SELECT wait, run FROM minute_stats WHERE minute_ns = ? AND queue = ? AND type = ?
                """, row.minute, row.queue, row.type, row: { (wait: $0.bytes(0), run: $0.bytes(1)) })
            try db.execute("""
                INSERT INTO minute_stats(minute_ns, queue, type, completed, failed, retried, wait, run)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(minute_ns, queue, type) DO UPDATE SET completed = completed + excluded.completed,
                    failed = failed + excluded.failed, retried = retried + excluded.retried,
                    wait = excluded.wait, run = excluded.run
                """, row.minute, row.queue, row.type, row.completed, row.failed, row.retried,
                Data(Self.encoded(row.wait, adding: stored?.wait)), Data(Self.encoded(row.run, adding: stored?.run)))
        }
    }

    /// The blob of `histogram` plus the `stored` one, or of `histogram` alone when nothing or nothing
    /// readable is stored.
    private static func encoded(_ histogram: LatencyHistogram, adding stored: [UInt8]?) -> [UInt8] {
        guard let stored, !stored.isEmpty, let merged = try? histogram.encoded(mergingEncoded: stored) else {
            return histogram.encoded
        }
        return merged
    }
}
