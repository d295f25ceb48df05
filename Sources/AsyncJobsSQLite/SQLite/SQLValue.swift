import Foundation

/// A value bound to a statement parameter: the storage classes the store uses (integer, text, blob) or NULL.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case text(String)
    case blob(Data)
}
