import CSQLite

/// A failure reported by SQLite, with its result code and message and what the store was doing.
///
/// Kept separate from ``AsyncJobs/JobError`` so code in this module can react to particular codes (busy,
/// full, not a database); at the ``AsyncJobs/JobStore`` boundary it becomes ``AsyncJobs/JobError/storage(_:)``.
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// SQLite's extended result code (e.g. `SQLITE_BUSY_SNAPSHOT`); `code` is its primary part.
    public var extendedCode: Int32
    /// SQLite's message (`sqlite3_errmsg`), or the store's own explanation.
    public var message: String
    /// What the store was doing, e.g. `opening /path/store.sqlite` or `executing UPDATE tasks ...`.
    public var context: String

    /// Creates an error.
    public init(extendedCode: Int32, message: String, context: String) {
        self.extendedCode = extendedCode
        self.message = message
        self.context = context
    }

    /// SQLite's primary result code (`SQLITE_BUSY`, `SQLITE_FULL`, `SQLITE_NOTADB`, ...).
    public var code: Int32 { extendedCode & 0xFF }

    /// Another connection held the lock for longer than the busy timeout.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    /// The disk, or the database's `max_page_count`, is full.
    public var isFull: Bool { code == SQLITE_FULL }
    /// The file could not be opened or created for writing (missing directory, permissions, read-only).
    public var isCannotOpen: Bool { code == SQLITE_CANTOPEN || code == SQLITE_READONLY || code == SQLITE_PERM }
    /// The file exists but is not an SQLite database (or is encrypted or badly corrupted).
    public var isNotADatabase: Bool { code == SQLITE_NOTADB }
    /// SQLite found the database file malformed.
    public var isCorrupt: Bool { code == SQLITE_CORRUPT }

    /// What failed, SQLite's message and code, with a hint for the common causes.
    public var description: String {
        var text = "\(context): \(message)"
        if isBusy { text += " (another process holds the store's write lock)" }
        if isFull { text += " (no space left for the store)" }
        return text + " [SQLite code \(extendedCode)]"
    }
}
