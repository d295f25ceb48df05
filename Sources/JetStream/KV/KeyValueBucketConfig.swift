/// The settings of a KV bucket, turned into the stream nats.go creates for one (`KV_<bucket>` over
/// `$KV.<bucket>.>`, rollups allowed, deletes denied, direct gets on), so buckets made here and by Go clients
/// are interchangeable.
public struct KeyValueBucketConfig: Sendable, Hashable {
    /// The bucket's name: letters, digits, `_` and `-`.
    public var bucket: String
    /// A note for operators.
    public var description: String?
    /// Values kept per key, 1 to 64.
    public var history: Int64
    /// How long a value lives; nil = forever. Leader elections use a short TTL so a silent leader expires.
    public var ttl: Duration?
    /// Largest value accepted, nil = the server's limit.
    public var maxValueSize: Int32?
    /// Most bytes in the bucket, nil = unlimited.
    public var maxBytes: Int64?
    /// File or memory.
    public var storage: StreamConfig.Storage
    /// Copies kept in a cluster.
    public var replicas: Int

    /// A bucket named `bucket` with the given settings.
    public init(bucket: String, description: String? = nil, history: Int64 = 1, ttl: Duration? = nil,
                maxValueSize: Int32? = nil, maxBytes: Int64? = nil, storage: StreamConfig.Storage = .file,
                replicas: Int = 1) {
        self.bucket = bucket
        self.description = description
        self.history = history
        self.ttl = ttl
        self.maxValueSize = maxValueSize
        self.maxBytes = maxBytes
        self.storage = storage
        self.replicas = replicas
    }

    /// The backing stream's configuration, field for field what nats.go sends.
    var streamConfig: StreamConfig {
        var config = StreamConfig(name: "KV_\(bucket)", subjects: ["$KV.\(bucket).>"], description: description,
                                  retention: .limits, storage: storage, replicas: replicas)
        config.maxMessagesPerSubject = history
        config.maxBytes = maxBytes ?? -1
        config.maxAge = Nanoseconds(ttl ?? .zero)
        config.maxMessageSize = maxValueSize ?? -1
        config.maxMessages = -1
        config.maxConsumers = -1
        config.allowRollupHeaders = true
        config.denyDelete = true
        config.allowDirect = true
        config.discard = .new
        let twoMinutes = Duration.seconds(120)
        config.duplicateWindow = Nanoseconds(ttl.map { $0 > .zero && $0 < twoMinutes ? $0 : twoMinutes } ?? twoMinutes)
        return config
    }
}
