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
/// another program, or a newer schema is refused and left byte for byte unchanged, and so is anything that
/// is not a regular file (a FIFO would block forever) or a file with several hard links (each name would
/// get its own WAL and locks, and commits would be lost). A file this user cannot write opens read-only.
/// Once open, the store notices within about a second when its path stops naming the file it has open.
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
    /// Why the store is read-only, or nil when it can be written. Reads work either way; writes then fail
    /// with ``JobError/readOnlyStore(_:)``.
    public let readOnlyReason: String?
    /// What opening found worth telling (`ajc info` shows it): the store was created, an empty file became
    /// a store, it is read-only.
    public let openingNotes: [String]
    let clock: any JobClock
    /// The writer; nil when the store is read-only.
    let writer: GroupCommitWriter?
    let reader: SerialConnection
    let dataVersion: DataVersionProbe
    let localChanges: LocalChangeSignal
    let identityWatch: FileIdentityWatch
    /// The per-minute history the writes of the writer's open transaction added, written just before it
    /// commits; touched only on the writer's queue.
    let transactionStats = MinuteStatsChanges()

    /// Whether only reads work (see ``readOnlyReason``).
    public var isReadOnly: Bool { readOnlyReason != nil }

    /// Opens the store at `path`, creating the file and its schema when it does not exist.
    ///
    /// A file this user cannot write (or whose folder cannot hold the `-wal` and `-shm` files SQLite needs
    /// for writing) is opened read-only, as is any file when `readOnly` is set: every read works, writes
    /// fail with ``JobError/readOnlyStore(_:)``, and nothing is ever written, housekeeping included.
    ///
    /// - Parameters:
    ///   - clock: the time source for every time the store writes (inject a manual clock in tests).
    ///   - synchronous: commit durability; `.normal` unless power-loss durability is worth the speed.
    ///   - busyTimeout: how long an operation waits for another process's lock before failing.
    ///   - readOnly: open for reading only, even when the file could be written.
    /// - Throws: ``SQLiteStoreError``; a refused file is never modified.
    public init(path: String, clock: any JobClock = SystemClock(), synchronous: Synchronous = .normal,
                busyTimeout: Duration = .seconds(5), readOnly: Bool = false) throws {
        self.path = path
        self.clock = clock
        let existing = try Self.checkExistingFile(at: path, busyTimeout: busyTimeout)
        let readOnlyReason = readOnly ? "it was opened read-only on request" : Self.whyReadOnly(path, existing: existing)
        var notes: [String] = []
        if existing == nil { notes.append("created: no file was there") }
        else if existing?.size == 0 && readOnlyReason == nil { notes.append("created: the file was empty (0 bytes), now it is a store") }
        if let readOnlyReason { notes.append("read-only: \(readOnlyReason)") }
        self.readOnlyReason = readOnlyReason
        openingNotes = notes
        let writeConnection: Connection?
        let readConnection: Connection
        let probe: DataVersionProbe
        do {
            if readOnlyReason != nil {
                writeConnection = nil
                let mode = Self.readOnlyMode(path)
                readConnection = try Connection(path: path, mode: mode)
                try Self.configure(readConnection, synchronous: synchronous, busyTimeout: busyTimeout)
                try Self.requireCurrentSchema(readConnection, path: path)
                probe = try DataVersionProbe(path: path, mode: mode)
            } else {
                let connection = try Connection(path: path, mode: .readWriteCreate)
                guard !connection.isReadOnly else {
                    throw SQLiteStoreError.cannotOpen(path: path, reason: "the file is read-only")
                }
                try Self.configure(connection, synchronous: synchronous, busyTimeout: busyTimeout)
                // Switching modes needs an exclusive lock, so ask only when the file is not in WAL mode yet.
                var mode = try connection.queryFirst("PRAGMA journal_mode") { $0.text(0) }
                if mode?.lowercased() != "wal" {
                    mode = try connection.queryFirst("PRAGMA journal_mode = WAL") { $0.text(0) }
                }
                guard mode?.lowercased() == "wal" else {
                    throw SQLiteStoreError.cannotOpen(path: path, reason: "SQLite cannot use WAL mode for this file")
                }
                try Migrations.migrate(connection, path: path)
                writeConnection = connection
                readConnection = try Connection(path: path, mode: .readWrite)
                try Self.configure(readConnection, synchronous: synchronous, busyTimeout: busyTimeout)
                // The reader only reads; this makes any accidental write fail loudly instead of racing the writer.
                try readConnection.execute("PRAGMA query_only = 1")
                probe = try DataVersionProbe(path: path, mode: .readOnly)
            }
        } catch {
            throw Self.openFailure(error, path: path)
        }
        let localChanges = LocalChangeSignal()
        self.localChanges = localChanges
        let transactionStats = self.transactionStats
        self.reader = SerialConnection(readConnection, label: "AsyncJobsSQLite.reader")
        self.dataVersion = probe
        // Identities are taken now that the connections are open, so the `-wal` file is among them.
        identityWatch = FileIdentityWatch(path: path, clock: clock)
        self.writer = writeConnection.map { connection in
            GroupCommitWriter(
                connection, label: "AsyncJobsSQLite.writer",
                housekeeping: .init(idleInterval: .seconds(10), busyInterval: .milliseconds(100)) { connection in
                    let session = StoreSession(db: connection, now: clock.now())
                    let pruned = try session.maintain(limit: SQLiteStore.pruneBatch)
                    try session.finishWrite()
                    try session.stats.write(to: connection)
                    return pruned.tasks > 0 || pruned.events
                },
                transactionWork: .init(begin: { transactionStats.discard() },
                                       beforeCommit: { try transactionStats.write(to: $0) }),
                didChange: { localChanges.signal() })
        }
    }

    /// Why the existing file at `path` can only be read, or nil when this process can write it: SQLite
    /// writes the file and creates `-wal` and `-shm` files beside it.
    private static func whyReadOnly(_ path: String, existing: StoreFile?) -> String? {
        guard existing != nil else { return nil }
        if !StoreFile.isWritable(path) { return "the file is not writable by this user" }
        let folder = PathText.parent(of: path)
        let companionsWritable = [path + "-wal", path + "-shm"].allSatisfy { StoreFile.at($0) != nil && StoreFile.isWritable($0) }
        if !StoreFile.isWritable(folder.isEmpty ? "." : folder) && !companionsWritable {
            return "its folder is not writable by this user, so SQLite cannot create the -wal and -shm files it writes through"
        }
        return nil
    }

    /// How to read a store that cannot be written: with SQLite's locks when the `-shm` and `-wal` files
    /// exist or can be created; otherwise (a read-only folder, no process has the store open) immutable,
    /// which needs neither and is consistent because without a `-wal` file everything is in the main file.
    private static func readOnlyMode(_ path: String) -> Connection.Mode {
        let folder = PathText.parent(of: path)
        let companionsExist = [path + "-wal", path + "-shm"].allSatisfy { StoreFile.at($0) != nil }
        return StoreFile.isWritable(folder.isEmpty ? "." : folder) || companionsExist ? .readOnly : .immutable
    }

    /// Throws unless the read-only connection sees this program's schema: a read-only store cannot be
    /// created or migrated.
    private static func requireCurrentSchema(_ connection: Connection, path: String) throws {
        let version = Int(try connection.scalar("PRAGMA user_version") ?? 0)
        guard version != Migrations.latestVersion else { return }
        let reason = version == 0
            ? "it is read-only and holds no store yet (a store is created on first use with write access)"
            : "it is read-only and its schema version \(version) needs upgrading to \(Migrations.latestVersion); open it once with write access"
        throw SQLiteStoreError.cannotOpen(path: path, reason: reason)
    }

    /// Refuses, before anything is written, a path that is a directory, a file that is not an SQLite
    /// database, another program's database, or a newer schema.
    ///
    /// Reads through a read-only connection; when no process has the file open (no `-wal` file), an
    /// immutable one, which does not even create the `-shm`/`-wal` companions a refused file must not gain.
    /// Returns what the file system says of the file, or nil when there is none yet.
    @discardableResult
    private static func checkExistingFile(at path: String, busyTimeout: Duration) throws(SQLiteStoreError) -> StoreFile? {
        // SQLite reads "" as a private temporary database and ":memory:" as an in-memory one; neither can
        // be shared by the store's connections, let alone by other processes.
        guard !path.isEmpty, path != ":memory:" else {
            throw .cannotOpen(path: path, reason: "the store needs a file path, not an in-memory database")
        }
        // SQLite would report a path such as "d/" only as "unable to open database file".
        guard !path.hasSuffix("/") else {
            throw .cannotOpen(path: path, reason: "the path ends in '/', so it names a directory, not a file")
        }
        guard let file = StoreFile.at(path) else { return nil }
        switch file.kind {
        case .regular: break
        case .directory: throw .cannotOpen(path: path, reason: "it is a directory")
        default:
            // Opening a FIFO blocks until a writer appears; a device is nothing SQLite can share.
            throw .cannotOpen(path: path, reason: "it is a \(file.kind.rawValue), not a regular file")
        }
        // Each name gets its own -wal file and locks, so two processes using two names of one file each
        // believe they hold it alone and overwrite each other's commits (SQLite's documented hazard).
        if file.links > 1 {
            throw .cannotOpen(path: path, reason: "the file has \(file.links) hard links; SQLite keeps its journal and locks per name, so writes through different names are lost. Use one name (a symbolic link is fine)")
        }
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
        return file
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
        guard let writer else {
            throw .readOnlyStore("\(path) is open read-only: \(readOnlyReason ?? "read-only"); nothing was changed")
        }
        let clock = clock
        let transactionStats = transactionStats
        return try await writer.write { connection in
            let session = StoreSession(db: connection, now: clock.now())
            let result = try body(session)
            try session.finishWrite()
            transactionStats.absorb(session.stats)
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
