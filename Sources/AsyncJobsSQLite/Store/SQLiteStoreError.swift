/// Why ``SQLiteStore`` could not open a store file. Opening never changes a file it then refuses.
public enum SQLiteStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file exists but is not an SQLite database.
    case notADatabase(path: String)
    /// The file is an SQLite database of some other program (it has tables but no store schema version).
    case notAStore(path: String)
    /// The file was written by a newer program with a schema this one does not know.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The file is an SQLite database but damaged (truncated, or pages SQLite finds malformed).
    case damaged(path: String, reason: String)
    /// The file cannot be opened for writing (missing or unwritable directory, read-only file, a directory).
    case cannotOpen(path: String, reason: String)
    /// SQLite failed while preparing the store (e.g. another process held the lock beyond the busy timeout).
    case sqlite(SQLiteError)

    /// One readable line naming the file and what to do about it.
    public var description: String {
        switch self {
        case .notADatabase(let path):
            "cannot open store \(path): the file is not an SQLite database (it was left unchanged)"
        case .notAStore(let path):
            "cannot open store \(path): it is an SQLite database of another program (it was left unchanged)"
        case .newerSchema(let path, let found, let supported):
            "cannot open store \(path): its schema version \(found) is newer than this program supports "
                + "(\(supported)); use a newer ajtop/ajc"
        case .damaged(let path, let reason):
            "cannot open store \(path): the file is damaged (\(reason)); it was left unchanged, restore it from a backup"
        case .cannotOpen(let path, let reason):
            "cannot open store \(path): \(reason)"
        case .sqlite(let error):
            "cannot open store: \(error)"
        }
    }
}
