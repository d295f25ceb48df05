import CSQLite
import Foundation

/// One SQLite connection: the thin wrapper the store's SQL runs through.
///
/// Not thread-safe by design: each connection is confined to one serial queue (see ``SerialConnection``
/// and ``GroupCommitWriter``), so it is opened with `SQLITE_OPEN_NOMUTEX` and skips SQLite's own locking.
/// Statements are prepared once and cached by their SQL text.
final class Connection {
    /// How to open the file.
    enum Mode {
        /// Reading only; never creates or changes the file.
        case readOnly
        /// Reading a file no one else has open, promising SQLite it will not change: no locks and no
        /// `-wal`/`-shm` files are created, so inspecting a file leaves its directory exactly as it was.
        case immutable
        /// Reading and writing an existing file.
        case readWrite
        /// Reading and writing; creates the file when it does not exist.
        case readWriteCreate

        var flags: Int32 {
            switch self {
            case .readOnly: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            case .immutable: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
            case .readWrite: SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
            case .readWriteCreate: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
            }
        }
    }

    let handle: OpaquePointer
    /// The file, for error messages.
    let path: String
    private var statements: [String: Statement] = [:]

    /// Process-wide SQLite settings, applied once before the first connection opens (SQLite accepts
    /// them only before it initialises).
    private static let processSetup: Void = {
        _ = csqlite_disable_memory_statistics()
    }()

    /// Opens `path`. SQLite opens lazily, so a foreign file is only detected by the first read.
    init(path: String, mode: Mode) throws(SQLiteError) {
        Self.processSetup
        var handle: OpaquePointer?
        let name = switch mode {
        case .immutable: "file:\(path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)?immutable=1"
        default: path
        }
        let code = sqlite3_open_v2(name, &handle, mode.flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            if let handle { sqlite3_close_v2(handle) }
            throw SQLiteError(extendedCode: code, message: message, context: "opening \(path)")
        }
        sqlite3_extended_result_codes(handle, 1)
        self.handle = handle
        self.path = path
    }

    deinit {
        // Statements must be finalized before the connection closes; close_v2 tolerates stragglers anyway.
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// The error SQLite reports for `code` on this connection, tagged with what we were doing.
    func error(_ code: Int32, context: String) -> SQLiteError {
        let extended = sqlite3_extended_errcode(handle)
        let message = String(cString: sqlite3_errmsg(handle))
        // errcode can lag behind the returned code for some API calls; prefer the code we were given.
        let reported = (extended & 0xFF) == (code & 0xFF) ? extended : code
        return SQLiteError(extendedCode: reported, message: message, context: context)
    }

    /// Waits up to `timeout` for another connection's lock before failing with `SQLITE_BUSY`.
    func setBusyTimeout(_ timeout: Duration) {
        let milliseconds = max(0, min(Int64(Int32.max), timeout.nanoseconds / 1_000_000))
        sqlite3_busy_timeout(handle, Int32(milliseconds))
    }

    /// Runs SQL text that may hold several statements and returns no rows (schema, pragmas).
    func executeScript(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw SQLiteError(extendedCode: sqlite3_extended_errcode(handle), message: text,
                              context: "executing \(Statement.summary(of: sql))")
        }
    }

    /// The cached statement for `sql`, prepared on first use.
    func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = statements[sql] { return cached }
        let prepared = try Statement(connection: self, sql: sql)
        statements[sql] = prepared
        return prepared
    }

    /// Runs one statement with `values` bound, calling `row` for each result row; returns their results.
    func query<T>(_ sql: String, _ values: any SQLValueConvertible...,
                  row: (Statement) throws -> T) throws -> [T] {
        try query(sql, values, row: row)
    }

    /// ``query(_:_:row:)`` with the values as an array.
    func query<T>(_ sql: String, _ values: [any SQLValueConvertible], row: (Statement) throws -> T) throws -> [T] {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [T] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// The first row's result, or nil when there is no row.
    func queryFirst<T>(_ sql: String, _ values: any SQLValueConvertible...,
                       row: (Statement) throws -> T) throws -> T? {
        try queryFirst(sql, values, row: row)
    }

    /// ``queryFirst(_:_:row:)`` with the values as an array.
    func queryFirst<T>(_ sql: String, _ values: [any SQLValueConvertible], row: (Statement) throws -> T) throws -> T? {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? try row(statement) : nil
    }

    /// The first column of the first row as an integer, or nil when there is no row or it is NULL.
    func scalar(_ sql: String, _ values: any SQLValueConvertible...) throws(SQLiteError) -> Int64? {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        guard try statement.step() else { return nil }
        return statement.optionalInt64(0)
    }

    /// Runs one statement that returns no rows; returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ values: any SQLValueConvertible...) throws(SQLiteError) -> Int {
        try execute(sql, values)
    }

    /// ``execute(_:_:)`` with the values as an array.
    @discardableResult
    func execute(_ sql: String, _ values: [any SQLValueConvertible]) throws(SQLiteError) -> Int {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes64(handle))
    }

    /// The rowid of the last row inserted on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by this connection since it opened, triggers included: tells a no-op transaction
    /// (an idle claim) from a real change.
    var totalChanges: Int64 { sqlite3_total_changes64(handle) }

    /// Whether no transaction is open. After some errors (full disk, I/O) SQLite rolls the whole
    /// transaction back by itself; this is how the writer notices.
    var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// Whether SQLite opened the file read-only (it silently does so for write-protected files).
    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// Runs `body` in a read transaction, so multi-statement reads see one snapshot.
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try transaction("BEGIN DEFERRED", body)
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so a
    /// read-then-write cannot fail with `SQLITE_BUSY` half-way under a second process.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try transaction("BEGIN IMMEDIATE", body)
    }

    /// Runs `body` between `begin` and `COMMIT`, rolling back if it throws (unless SQLite already did).
    private func transaction<T>(_ begin: String, _ body: () throws -> T) throws -> T {
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if !isAutocommit { _ = try? execute("ROLLBACK") }
            throw error
        }
    }
}
