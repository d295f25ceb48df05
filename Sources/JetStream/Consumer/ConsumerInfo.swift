/// What `CONSUMER.INFO`, `CONSUMER.CREATE` and `CONSUMER.LIST` report about a consumer.
public struct ConsumerInfo: Codable, Hashable, Sendable {
    /// The stream the consumer reads.
    public var streamName: String
    /// The consumer's name (server-chosen for an ephemeral).
    public var name: String
    /// When it was created (RFC 3339 with nanoseconds).
    public var created: String?
    /// Its configuration after the server's defaults.
    public var config: ConsumerConfig
    /// The last delivered positions.
    public var delivered: SequenceInfo
    /// The positions below which every message is acknowledged.
    public var ackFloor: SequenceInfo
    /// Deliveries waiting for an acknowledgement.
    public var ackPendingCount: Int
    /// Messages delivered more than once and not yet acknowledged.
    public var redeliveredCount: Int
    /// Pull requests waiting on the server.
    public var waitingCount: Int
    /// Messages in the stream matching the consumer not yet delivered.
    public var pendingCount: UInt64
    /// Where a replicated consumer lives; nil on a single server.
    public var cluster: ClusterInfo?

    /// A pair of positions: the consumer's own sequence and the stream's.
    public struct SequenceInfo: Codable, Hashable, Sendable {
        /// The consumer sequence (counts deliveries).
        public var consumerSequence: UInt64
        /// The stream sequence of that delivery.
        public var streamSequence: UInt64

        enum CodingKeys: String, CodingKey {
            case consumerSequence = "consumer_seq"
            case streamSequence = "stream_seq"
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, created, config, delivered, cluster
        case streamName = "stream_name"
        case ackFloor = "ack_floor"
        case ackPendingCount = "num_ack_pending"
        case redeliveredCount = "num_redelivered"
        case waitingCount = "num_waiting"
        case pendingCount = "num_pending"
    }
}
