/// One revision of a key: its value, or a delete or purge marker.
public struct KeyValueEntry: Sendable, Equatable {
    /// What the revision did to the key.
    public enum Operation: String, Sendable {
        /// A value was written.
        case put = "PUT"
        /// The key was deleted (`KV-Operation: DEL`); older revisions may remain.
        case delete = "DEL"
        /// The key and its history were removed (`KV-Operation: PURGE`).
        case purge = "PURGE"
    }

    /// The bucket.
    public var bucket: String
    /// The key.
    public var key: String
    /// The value (empty for delete and purge markers).
    public var value: [UInt8]
    /// The revision: the backing stream's sequence of this write.
    public var revision: UInt64
    /// Put, delete or purge.
    public var operation: Operation
    /// When it was written (RFC 3339), when known.
    public var created: String?
    /// For watched entries: how many more are queued behind this one.
    public var delta: UInt64?

    /// An entry with these values.
    public init(bucket: String, key: String, value: [UInt8], revision: UInt64, operation: Operation,
                created: String? = nil, delta: UInt64? = nil) {
        self.bucket = bucket
        self.key = key
        self.value = value
        self.revision = revision
        self.operation = operation
        self.created = created
        self.delta = delta
    }
}
