/// A consumer's configuration, as sent to `CONSUMER.CREATE` and echoed in every consumer info.
///
/// Fields left nil are omitted, so the server applies its default. `filterSubjects` and `metadata` are
/// 2.10+; on a 2.9 server the create call refuses more than one filter rather than let the server ignore it.
public struct ConsumerConfig: Codable, Hashable, Sendable {
    /// Where in the stream a new consumer starts.
    public enum DeliverPolicy: String, Codable, Sendable {
        case all, last, new
        case byStartSequence = "by_start_sequence"
        case byStartTime = "by_start_time"
        case lastPerSubject = "last_per_subject"
    }
    /// Which acknowledgements the consumer expects.
    public enum AckPolicy: String, Codable, Sendable { case none, all, explicit }
    /// Whether messages come as fast as possible or at their original pace.
    public enum ReplayPolicy: String, Codable, Sendable { case instant, original }

    /// The consumer's name (2.9+); for a durable, the same as `durableName`.
    public var name: String?
    /// Set for a consumer that survives without subscribers.
    public var durableName: String?
    /// A note for operators.
    public var description: String?
    /// Where a new consumer starts.
    public var deliverPolicy: DeliverPolicy?
    /// The start sequence for `byStartSequence`.
    public var optStartSequence: UInt64?
    /// The start time (RFC 3339) for `byStartTime`.
    public var optStartTime: String?
    /// Which acknowledgements the server waits for.
    public var ackPolicy: AckPolicy?
    /// How long a delivery may stay unacknowledged before it is redelivered.
    public var ackWait: Nanoseconds?
    /// Most deliveries per message; -1 = unlimited.
    public var maxDeliver: Int?
    /// Redelivery delays by attempt, replacing `ackWait` for redeliveries.
    public var backoff: [Nanoseconds]?
    /// One subject filter (2.9 form).
    public var filterSubject: String?
    /// Several subject filters (2.10+ form).
    public var filterSubjects: [String]?
    /// Instant or original-pace delivery.
    public var replayPolicy: ReplayPolicy?
    /// Push consumers: delivery rate limit in bits per second.
    public var rateLimitBitsPerSecond: UInt64?
    /// Percentage of acks sampled into advisories, e.g. `"100%"`.
    public var sampleFrequency: String?
    /// Most pull requests waiting at once (pull consumers).
    public var maxWaiting: Int?
    /// Most deliveries outstanding without an ack; the consumer stops delivering at this bound.
    public var maxAckPending: Int?
    /// Push consumers: ask for flow-control messages.
    public var flowControl: Bool?
    /// Push consumers: heartbeat interval while idle.
    public var idleHeartbeat: Nanoseconds?
    /// Deliver headers only, with the body's size in `Nats-Msg-Size`.
    public var headersOnly: Bool?
    /// Pull consumers: largest batch one request may ask for.
    public var maxBatch: Int?
    /// Pull consumers: longest `expires` one request may ask for.
    public var maxExpires: Nanoseconds?
    /// Pull consumers: largest `max_bytes` one request may ask for.
    public var maxBytes: Int?
    /// Push consumers: where messages are sent. Nil makes a pull consumer.
    public var deliverSubject: String?
    /// Push consumers: queue group of the subscribers.
    public var deliverGroup: String?
    /// How long an ephemeral (or, 2.10+, a durable) consumer may be idle before the server deletes it.
    public var inactiveThreshold: Nanoseconds?
    /// Replicas; 0 = as many as the stream.
    public var replicas: Int?
    /// Keep the consumer's state in memory only.
    public var memoryStorage: Bool?
    /// 2.10+: free-form labels.
    public var metadata: [String: String]?

    /// A consumer config with every field left to the server, except those given.
    public init(
        name: String? = nil,
        durableName: String? = nil,
        deliverPolicy: DeliverPolicy? = nil,
        ackPolicy: AckPolicy? = nil,
        ackWait: Nanoseconds? = nil,
        maxDeliver: Int? = nil,
        filterSubject: String? = nil,
        maxAckPending: Int? = nil,
        deliverSubject: String? = nil
    ) {
        self.name = name
        self.durableName = durableName
        self.deliverPolicy = deliverPolicy
        self.ackPolicy = ackPolicy
        self.ackWait = ackWait
        self.maxDeliver = maxDeliver
        self.filterSubject = filterSubject
        self.maxAckPending = maxAckPending
        self.deliverSubject = deliverSubject
    }

    enum CodingKeys: String, CodingKey {
        case name, description, backoff, metadata
        case durableName = "durable_name"
        case deliverPolicy = "deliver_policy"
        case optStartSequence = "opt_start_seq"
        case optStartTime = "opt_start_time"
        case ackPolicy = "ack_policy"
        case ackWait = "ack_wait"
        case maxDeliver = "max_deliver"
        case filterSubject = "filter_subject"
        case filterSubjects = "filter_subjects"
        case replayPolicy = "replay_policy"
        case rateLimitBitsPerSecond = "rate_limit_bps"
        case sampleFrequency = "sample_freq"
        case maxWaiting = "max_waiting"
        case maxAckPending = "max_ack_pending"
        case flowControl = "flow_control"
        case idleHeartbeat = "idle_heartbeat"
        case headersOnly = "headers_only"
        case maxBatch = "max_batch"
        case maxExpires = "max_expires"
        case maxBytes = "max_bytes"
        case deliverSubject = "deliver_subject"
        case deliverGroup = "deliver_group"
        case inactiveThreshold = "inactive_threshold"
        case replicas = "num_replicas"
        case memoryStorage = "mem_storage"
    }
}
