/// What `ajc info` tells about a store.
public struct StoreInfo: Sendable, Hashable {
    /// The kind of store ("sqlite", "memory", …).
    public var kind: String
    /// Where it lives (a file path, a URL), for people.
    public var location: String
    /// Bytes on disk, when that means something.
    public var sizeBytes: Int64?
    /// Every task by state.
    public var counts: [TaskState: Int]
    /// Number of queues.
    public var queues: Int
    /// What the store found worth telling when it was opened (created, read-only, …), one line each.
    public var notes: [String]

    /// Creates store info.
    public init(kind: String, location: String, sizeBytes: Int64?, counts: [TaskState: Int], queues: Int,
                notes: [String] = []) {
        self.kind = kind
        self.location = location
        self.sizeBytes = sizeBytes
        self.counts = counts
        self.queues = queues
        self.notes = notes
    }
}
