/// A stream's configuration, as sent to `STREAM.CREATE` / `STREAM.UPDATE` and echoed in every stream info.
///
/// Fields left nil are omitted from the request, so the server applies its own default and a 2.9 server
/// never sees a field it does not know. Fields marked "2.10+" are honoured only by those servers.
public struct StreamConfig: Codable, Hashable, Sendable {
    /// How long the stream keeps messages: by limits, while consumers are interested, or until acknowledged.
    public enum Retention: String, Codable, Sendable { case limits, interest, workqueue }
    /// What a full stream does with a new message: drop the oldest, or refuse the new one.
    public enum Discard: String, Codable, Sendable { case old, new }
    /// Where the stream's messages live.
    public enum Storage: String, Codable, Sendable { case file, memory }
    /// On-disk compression (2.10+).
    public enum Compression: String, Codable, Sendable { case none, s2 }

    /// The stream's name (no `.`, `*`, `>` or whitespace).
    public var name: String
    /// A note for operators.
    public var description: String?
    /// The subjects (wildcards allowed) whose messages the stream stores.
    public var subjects: [String]?
    /// When stored messages are removed.
    public var retention: Retention?
    /// Most consumers; -1 = unlimited.
    public var maxConsumers: Int?
    /// Most messages; -1 = unlimited.
    public var maxMessages: Int64?
    /// Most bytes; -1 = unlimited.
    public var maxBytes: Int64?
    /// How long a message is kept; 0 = forever.
    public var maxAge: Nanoseconds?
    /// Most messages kept per subject (1 keeps only the latest: a KV or task record).
    public var maxMessagesPerSubject: Int64?
    /// Largest message accepted; -1 = the server's max_payload.
    public var maxMessageSize: Int32?
    /// What a full stream drops.
    public var discard: Discard?
    /// File or memory.
    public var storage: Storage?
    /// Copies kept in a cluster (1 to 5).
    public var replicas: Int?
    /// Store published messages without sending a PubAck.
    public var noAck: Bool?
    /// The window in which `Nats-Msg-Id` de-duplicates (server default 2 minutes).
    public var duplicateWindow: Nanoseconds?
    /// Refuse every change, including deletes and purges.
    public var sealed: Bool?
    /// Refuse deleting single messages.
    public var denyDelete: Bool?
    /// Refuse purges.
    public var denyPurge: Bool?
    /// Honour `Nats-Rollup` (KV purge needs it).
    public var allowRollupHeaders: Bool?
    /// Whether `DIRECT.GET` answers for this stream (any replica may answer).
    public var allowDirect: Bool?
    /// Let mirrors of this stream answer direct gets.
    public var mirrorDirect: Bool?
    /// 2.10+: with `discard: new`, apply the limit per subject.
    public var discardNewPerSubject: Bool?
    /// 2.10+.
    public var compression: Compression?
    /// 2.10+: the first sequence of a new stream.
    public var firstSequence: UInt64?
    /// 2.10+: free-form labels.
    public var metadata: [String: String]?
    /// 2.10+: defaults the server applies to this stream's consumers.
    public var consumerLimits: ConsumerLimits?
    /// 2.11+: whether messages may carry a per-message `Nats-TTL`.
    public var allowMessageTTL: Bool?

    /// 2.10+: defaults for the consumers of one stream.
    public struct ConsumerLimits: Codable, Hashable, Sendable {
        /// Default idle time after which a consumer is removed.
        public var inactiveThreshold: Nanoseconds?
        /// Default most unacknowledged deliveries per consumer.
        public var maxAckPending: Int?

        /// Limits of which nil fields are left to the server.
        public init(inactiveThreshold: Nanoseconds? = nil, maxAckPending: Int? = nil) {
            self.inactiveThreshold = inactiveThreshold
            self.maxAckPending = maxAckPending
        }

        enum CodingKeys: String, CodingKey {
            case inactiveThreshold = "inactive_threshold"
            case maxAckPending = "max_ack_pending"
        }
    }

    /// A stream named `name` over `subjects`; every other field is left to the server unless set.
    public init(
        name: String,
        subjects: [String]? = nil,
        description: String? = nil,
        retention: Retention? = nil,
        storage: Storage? = nil,
        replicas: Int? = nil
    ) {
        self.name = name
        self.subjects = subjects
        self.description = description
        self.retention = retention
        self.storage = storage
        self.replicas = replicas
    }

    enum CodingKeys: String, CodingKey {
        case name, description, subjects, retention, discard, storage, sealed, compression, metadata
        case maxConsumers = "max_consumers"
        case maxMessages = "max_msgs"
        case maxBytes = "max_bytes"
        case maxAge = "max_age"
        case maxMessagesPerSubject = "max_msgs_per_subject"
        case maxMessageSize = "max_msg_size"
        case replicas = "num_replicas"
        case noAck = "no_ack"
        case duplicateWindow = "duplicate_window"
        case denyDelete = "deny_delete"
        case denyPurge = "deny_purge"
        case allowRollupHeaders = "allow_rollup_hdrs"
        case allowDirect = "allow_direct"
        case mirrorDirect = "mirror_direct"
        case discardNewPerSubject = "discard_new_per_subject"
        case firstSequence = "first_seq"
        case consumerLimits = "consumer_limits"
        case allowMessageTTL = "allow_msg_ttl"
    }
}
