/// An opaque value that changes whenever anything in the store changes, in any process.
///
/// Readers compare it with the last one they saw and skip work when it is equal; it must be cheap to get.
public struct ChangeToken: Sendable, Hashable {
    /// Store-specific parts (e.g. SQLite's `data_version` and an in-process write counter).
    public var parts: [Int64]

    /// Creates a token.
    public init(_ parts: Int64...) { self.parts = parts }
}
