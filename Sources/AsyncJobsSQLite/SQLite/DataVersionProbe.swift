import AsyncJobs
import Foundation

/// Reads SQLite's `PRAGMA data_version` on the caller's thread, through a connection of its own.
///
/// Change tokens are read before every claim and polled every few milliseconds by waiters, so a hop to
/// a connection's dispatch queue (tens of microseconds, more on a loaded machine) would cost more than
/// the read. The pragma reads the WAL index in shared memory and never waits for the write lock; with a
/// zero busy timeout the rare contended case (another connection recovering the WAL) fails at once instead
/// of blocking Swift's cooperative thread.
final class DataVersionProbe: @unchecked Sendable {
    // @unchecked: `connection` is only used while `lock` is held.
    private let connection: Connection
    private let lock = NSLock()

    /// Opens its connection to `path` in `mode` (read-only, or immutable for a store no one can write).
    init(path: String, mode: Connection.Mode) throws(SQLiteError) {
        connection = try Connection(path: path, mode: mode)
        connection.setBusyTimeout(.zero)
    }

    /// The connection's current data version; a different value means some other connection committed.
    func read() throws(JobError) -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try connection.scalar("PRAGMA data_version") ?? 0
        } catch {
            throw JobError.storage("cannot read the store's change counter: \(error)")
        }
    }
}
