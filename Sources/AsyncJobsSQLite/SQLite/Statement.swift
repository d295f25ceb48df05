import CSQLite
import Foundation

/// A prepared statement, owned and cached by its ``Connection``.
///
/// Not thread-safe: like its connection it is used only on that connection's serial queue. Callers go
/// through ``Connection``'s `execute`/`query` helpers, which bind, step and reset in one place so a
/// statement is never left half-run holding a read lock.
final class Statement {
    let handle: OpaquePointer
    /// The SQL text, for error messages.
    let sql: String
    private unowned let connection: Connection

    init(connection: Connection, sql: String) throws(SQLiteError) {
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw connection.error(code, context: "preparing \(Statement.summary(of: sql))")
        }
        self.handle = handle
        self.sql = sql
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to parameters 1, 2, ... in order.
    func bind(_ values: [any SQLValueConvertible]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value.sqlValue {
            case .null:
                code = sqlite3_bind_null(handle, index)
            case .integer(let number):
                code = sqlite3_bind_int64(handle, index, number)
            case .text(let text):
                // With its byte count, not -1: a NUL inside the text (a handler's error may hold one) would
                // otherwise end it there and lose the rest.
                code = text.withCString { pointer in
                    sqlite3_bind_text64(handle, index, pointer, sqlite3_uint64(text.utf8.count), csqlite_transient(),
                                        UInt8(SQLITE_UTF8))
                }
            case .blob(let data):
                code = data.withUnsafeBytes { bytes in
                    // A zero-length blob must still bind as a blob, not NULL, so pass a valid pointer.
                    sqlite3_bind_blob64(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                        sqlite3_uint64(bytes.count), csqlite_transient())
                }
            }
            guard code == SQLITE_OK else { throw connection.error(code, context: "binding \(summary)") }
        }
    }

    /// Advances to the next row; false when the statement has finished.
    func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw connection.error(code, context: "executing \(summary)")
        }
    }

    /// Makes the statement ready to run again and drops its bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Columns of the current row (0-based)

    /// Whether the column is NULL.
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The column as an integer (0 for NULL).
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The column as an `Int` (0 for NULL).
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    /// The column as an integer, or nil for NULL.
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    /// The column as text ("" for NULL).
    func text(_ column: Int32) -> String { optionalText(column) ?? "" }

    /// The column as text, or nil for NULL.
    func optionalText(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let length = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// The column as bytes, or nil for NULL (an empty blob is empty `Data`, not nil).
    func data(_ column: Int32) -> Data? {
        if isNull(column) { return nil }
        let length = Int(sqlite3_column_bytes(handle, column))
        guard length > 0, let pointer = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: pointer, count: length)
    }

    /// The column as bytes, or nil for NULL: a blob read straight into an array, for decoders that take
    /// one (``data(_:)`` and a conversion would copy it twice).
    func bytes(_ column: Int32) -> [UInt8]? {
        if isNull(column) { return nil }
        let length = Int(sqlite3_column_bytes(handle, column))
        guard length > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: length))
    }

    /// The SQL shortened for error messages.
    var summary: String { Statement.summary(of: sql) }

    /// The first line of `sql`, whitespace collapsed, cut at 80 characters.
    static func summary(of sql: String) -> String {
        let words = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words.count > 80 ? String(words.prefix(77)) + "..." : words
    }
}
