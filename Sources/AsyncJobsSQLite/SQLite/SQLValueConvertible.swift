import AsyncJobs
import Foundation

/// Swift values that bind directly as statement parameters, so call sites read `execute(sql, id, now)`.
protocol SQLValueConvertible {
    /// The value as SQLite stores it.
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLValueConvertible {
    var sqlValue: SQLValue { self }
}

extension Int64: SQLValueConvertible {
    var sqlValue: SQLValue { .integer(self) }
}

extension Int: SQLValueConvertible {
    var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Bool: SQLValueConvertible {
    var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}

extension String: SQLValueConvertible {
    var sqlValue: SQLValue { .text(self) }
}

extension Data: SQLValueConvertible {
    var sqlValue: SQLValue { .blob(self) }
}

/// Times are stored as integer nanoseconds since the epoch: exact, and ordered like the times themselves.
extension Timestamp: SQLValueConvertible {
    var sqlValue: SQLValue { .integer(nanoseconds) }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}
