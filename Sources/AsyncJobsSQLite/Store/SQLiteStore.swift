import AsyncJobs
import Foundation

/// The embedded default store: one SQLite file that many processes on one machine share safely.
///
/// Writes go through one writer connection per process that group-commits concurrent writes into
/// `BEGIN IMMEDIATE` transactions; reads use a second connection, so with WAL they never wait for writers.
/// Both run on their own dispatch queues, never on Swift's cooperative pool. MaxConcurrent holds across
/// processes because a claim reads the queue's `active` counter under SQLite's write lock; a worker killed
/// mid-task leaves a lease that the next claim after it runs out rescues.
///
/// Opening checks the file before writing anything: a file that is not an SQLite database, a database of
/// another program, or a newer schema is refused and left byte for byte unchanged.
public final class SQLiteStore: JobStore {
    /// How hard SQLite works to make each commit survive power loss.
    public enum Synchronous: String, Sendable, CaseIterable {
        /// In WAL mode a commit survives a process crash but the last commits may be lost on power loss;
        /// far fewer fsyncs. The default.
        case normal = "NORMAL"
        /// Every commit is fsynced: survives power loss, at a few thousand commits a second.
        case full = "FULL"
    }

    /// How long state-change events are kept for `task watch` and throughput sparklines.
    static let eventRetention: Duration = .seconds(24 * 3600)
    /// Most tasks, and most events, one maintenance pass deletes, so it never holds the write lock for long.
    static let pruneBatch = 5000

    /// The store file.
    public let path: String
    let clock: any JobClock
    let writer: GroupCommitWriter
    let reader: SerialConnection
    let dataVersion: DataVersionProbe
    let localChanges: LocalChangeSignal

    /// Opens the store at `path`, creating the file and its schema when it does not exist.
    ///
    /// - Parameters:
    ///   - clock: the time source for every time the store writes (inject a manual clock in tests).
    ///   - synchronous: commit durability; `.normal` unless power-loss durability is worth the speed.
    ///   - busyTimeout: how long an operation waits for another process's lock before failing.
    /// - Throws: ``SQLiteStoreError``; a refused file is never modified.
    public init(path: String, clock: any JobClock = SystemClock(), synchronous: Synchronous = .normal,
                busyTimeout: Duration = .seconds(5)) throws {
        self.path = path
        self.clock = clock
        try Self.checkExistingFile(at: path, busyTimeout: busyTimeout)
        let writeConnection: Connection
        let readConnection: Connection
        let probe: DataVersionProbe
        do {
            writeConnection = try Connection(path: path, mode: .readWriteCreate)
            guard !writeConnection.isReadOnly else {
                throw SQLiteStoreError.cannotOpen(path: path, reason: "the file is read-only")
            }
            try Self.configure(writeConnection, synchronous: synchronous, busyTimeout: busyTimeout)
            // Switching modes needs an exclusive lock, so ask only when the file is not in WAL mode yet.
            var mode = try writeConnection.queryFirst("PRAGMA journal_mode") { $0.text(0) }
            if mode?.lowercased() != "wal" {
                mode = try writeConnection.queryFirst("PRAGMA journal_mode = WAL") { $0.text(0) }
            }
            guard mode?.lowercased() == "wal" else {
                throw SQLiteStoreError.cannotOpen(path: path, reason: "SQLite cannot use WAL mode for this file")
            }
            try Migrations.migrate(writeConnection, path: path)
            readConnection = try Connection(path: path, mode: .readWrite)
            try Self.configure(readConnection, synchronous: synchronous, busyTimeout: busyTimeout)
            // The reader only reads; this makes any accidental write fail loudly instead of racing the writer.
            try readConnection.execute("PRAGMA query_only = 1")
            probe = try DataVersionProbe(path: path)
        } catch {
            throw Self.openFailure(error, path: path)
        }
        let localChanges = LocalChangeSignal()
        self.localChanges = localChanges
        self.reader = SerialConnection(readConnection, label: "AsyncJobsSQLite.reader")
        self.dataVersion = probe
        self.writer = GroupCommitWriter(
            writeConnection, label: "AsyncJobsSQLite.writer",
            housekeeping: .init(idleInterval: .seconds(10), busyInterval: .milliseconds(100)) { connection in
                let now = clock.now()
                let session = StoreSession(db: connection, now: now)
                let pruned = try session.maintain(limit: SQLiteStore.pruneBatch)
                try session.finishWrite()
                return pruned.tasks > 0 || pruned.events
            },
            didChange: { localChanges.signal() })
    }

    /// Refuses, before anything is written, a path that is a directory, a file that is not an SQLite
    /// database, another program's database, or a newer schema.
    ///
    /// Reads through a read-only connection; when no process has the file open (no `-wal` file), an
    /// immutable one, which does not even create the `-shm`/`-wal` companions a refused file must not gain.
    private static func checkExistingFile(at path: String, busyTimeout: Duration) throws(SQLiteStoreError) {
        // SQLite reads "" as a private temporary database and ":memory:" as an in-memory one; neither can
        // be shared by the store's connections, let alone by other processes.
        guard !path.isEmpty, path != ":memory:" else {
            throw .cannotOpen(path: path, reason: "the store needs a file path, not an in-memory database")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard !isDirectory.boolValue else { throw .cannotOpen(path: path, reason: "it is a directory") }
        // The main file is only written while a `-wal` file exists (checkpoints), so without one an
        // immutable read is consistent. Should a process start in between, its error is not trusted: the
        // file is read again with locking before anything is refused.
        let inUse = FileManager.default.fileExists(atPath: path + "-wal")
        if let damage = truncation(of: path) { throw .damaged(path: path, reason: damage) }
        do {
            try inspect(path, mode: inUse ? .readOnly : .immutable, busyTimeout: busyTimeout)
        } catch is SQLiteError where !inUse {
            do { try inspect(path, mode: .readOnly, busyTimeout: busyTimeout) } catch { throw openFailure(error, path: path) }
        } catch {
            throw openFailure(error, path: path)
        }
    }

    /// Throws unless the file at `path`, read through a connection in `mode` that waits up to
    /// `busyTimeout` for other processes' locks, is empty or a store of a version this program knows.
    private static func inspect(_ path: String, mode: Connection.Mode, busyTimeout: Duration) throws {
        let probe = try Connection(path: path, mode: mode)
        // Another process may hold the file locked (an exclusive transaction): wait like any other read.
        probe.setBusyTimeout(busyTimeout)
        let tables = try probe.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
        let version = Int(try probe.scalar("PRAGMA user_version") ?? 0)
        if version > Migrations.latestVersion {
            throw SQLiteStoreError.newerSchema(path: path, found: version, supported: Migrations.latestVersion)
        }
        if version == 0, tables > 0 { throw SQLiteStoreError.notAStore(path: path) }
    }

    /// Why the file at `path` looks truncated, or nil: its header promises more pages than the file holds.
    ///
    /// SQLite itself only notices when a query reaches a missing page, possibly after this process has
    /// written to the file. The header's page count is trusted only when SQLite marks it valid (bytes 92-95
    /// equal the change counter at 24-27) and no `-wal` file exists, whose frames may hold the missing pages.
    private static func truncation(of path: String) -> String? {
        guard !FileManager.default.fileExists(atPath: path + "-wal"),
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 100), header.count == 100,
              header.prefix(16) == Data("SQLite format 3\0".utf8),
              let size = try? handle.seekToEnd() else { return nil }
        func integer(at offset: Int, bytes: Int) -> UInt64 {
            header[offset..<(offset + bytes)].reduce(0) { $0 << 8 | UInt64($1) }
        }
        let rawPageSize = integer(at: 16, bytes: 2)
        let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
        // A header SQLite would reject itself (bad page size or payload fractions) is for SQLite to report.
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0,
              header[21] == 64, header[22] == 32, header[23] == 32 else { return nil }
        let pages = integer(at: 28, bytes: 4)
        guard pages > 0, integer(at: 24, bytes: 4) == integer(at: 92, bytes: 4) else { return nil }
        guard size < pages * pageSize else { return nil }
        return "truncated: \(size) of \(pages * pageSize) bytes"
    }

    /// Per-connection settings: they are not stored in the file, so every connection sets them.
    private static func configure(_ connection: Connection, synchronous: Synchronous,
                                  busyTimeout: Duration) throws(SQLiteError) {
        connection.setBusyTimeout(busyTimeout)
        // This SQLite build defaults WAL connections to FULL, so NORMAL must be asked for explicitly.
        // Without a size limit the WAL file keeps the size of the largest transaction (600 MB after a
        // million-task import) for as long as any process has the store open.
        try connection.executeScript("""
            PRAGMA synchronous = \(synchronous.rawValue);
            PRAGMA temp_store = MEMORY;
            PRAGMA cache_size = -32000;
            PRAGMA secure_delete = FAST;
            PRAGMA journal_size_limit = 67108864;
            """)
    }

    /// `error` as a ``SQLiteStoreError`` naming the file and a reason a user can act on.
    private static func openFailure(_ error: any Error, path: String) -> SQLiteStoreError {
        switch error {
        case let error as SQLiteStoreError:
            return error
        case let error as SQLiteError where error.isNotADatabase:
            return .notADatabase(path: path)
        case let error as SQLiteError where error.isBusy:
            return .cannotOpen(path: path, reason: "another process held it locked for longer than the busy timeout; try again")
        case let error as SQLiteError where error.isCorrupt:
            return .damaged(path: path, reason: error.message)
        case let error as SQLiteError where error.isCannotOpen:
            return .cannotOpen(path: path, reason: "\(error.message) (check that the directory exists and is writable)")
        case let error as SQLiteError:
            return .sqlite(error)
        default:
            return .cannotOpen(path: path, reason: String(describing: error))
        }
    }

    /// Runs `body` in the writer's next transaction, with `now` read once the transaction holds the lock,
    /// then applies the counter changes it made.
    func write<T: Sendable>(_ body: @escaping @Sendable (StoreSession) throws -> T) async throws(JobError) -> T {
        let clock = clock
        return try await writer.write { connection in
            let session = StoreSession(db: connection, now: clock.now())
            let result = try body(session)
            try session.finishWrite()
            return result
        }
    }

    /// Runs `body` in a read transaction on the reader connection, so it sees one consistent snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (StoreSession) throws -> T) async throws(JobError) -> T {
        let clock = clock
        return try await reader.run { connection in
            try connection.readTransaction { try body(StoreSession(db: connection, now: clock.now())) }
        }
    }
}
