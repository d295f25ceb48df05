/// What `STREAM.INFO`, `STREAM.CREATE`, `STREAM.UPDATE` and `STREAM.LIST` report about a stream.
public struct StreamInfo: Codable, Hashable, Sendable {
    /// The configuration after the server's defaults.
    public var config: StreamConfig
    /// When the stream was created (RFC 3339 with nanoseconds, as the server writes it).
    public var created: String?
    /// What the stream holds.
    public var state: StreamState
    /// The stream's placement and replicas in a cluster; nil on a single server.
    public var cluster: ClusterInfo?
    /// Only on a create: whether this call made the stream (false when an identical one existed).
    public var didCreate: Bool?

    enum CodingKeys: String, CodingKey {
        case config, created, state, cluster
        case didCreate = "did_create"
    }
}

/// Counters of a stream's contents.
public struct StreamState: Codable, Hashable, Sendable {
    /// Messages stored.
    public var messages: UInt64
    /// Bytes stored.
    public var bytes: UInt64
    /// Sequence of the oldest stored message.
    public var firstSequence: UInt64
    /// When the oldest stored message was stored (RFC 3339).
    public var firstTime: String?
    /// Sequence of the newest message (also after it was deleted).
    public var lastSequence: UInt64
    /// When the newest message was stored (RFC 3339).
    public var lastTime: String?
    /// Consumers of the stream.
    public var consumerCount: Int
    /// Distinct subjects stored, when the server reports it.
    public var subjectCount: UInt64?
    /// Deleted messages between first and last, when reported.
    public var deletedCount: Int?

    enum CodingKeys: String, CodingKey {
        case messages, bytes
        case firstSequence = "first_seq"
        case firstTime = "first_ts"
        case lastSequence = "last_seq"
        case lastTime = "last_ts"
        case consumerCount = "consumer_count"
        case subjectCount = "num_subjects"
        case deletedCount = "num_deleted"
    }
}

/// Where a replicated stream or consumer lives in a cluster.
public struct ClusterInfo: Codable, Hashable, Sendable {
    /// The cluster's name.
    public var name: String?
    /// The server currently leading; nil while an election runs.
    public var leader: String?
    /// The followers and how far behind they are.
    public var replicas: [PeerInfo]?

    /// One follower of a replicated asset.
    public struct PeerInfo: Codable, Hashable, Sendable {
        /// The server's name.
        public var name: String
        /// Whether it has caught up.
        public var current: Bool
        /// Whether it is unreachable.
        public var offline: Bool?
        /// Operations it is behind.
        public var lag: UInt64?
    }
}
