/// The account's JetStream usage and limits, from `$JS.API.INFO`.
public struct AccountInfo: Codable, Hashable, Sendable {
    /// Bytes held in memory streams.
    public var memory: UInt64
    /// Bytes held in file streams.
    public var storage: UInt64
    /// Number of streams.
    public var streams: Int
    /// Number of consumers.
    public var consumers: Int
    /// The JetStream domain the account's requests were answered in, if one is configured.
    public var domain: String?
    /// The account's limits; -1 means unlimited.
    public var limits: Limits
    /// API call counters (and, 2.10+, the API level).
    public var api: APIStats

    /// The account's JetStream limits.
    public struct Limits: Codable, Hashable, Sendable {
        /// Bytes of memory storage allowed.
        public var maxMemory: Int64
        /// Bytes of file storage allowed.
        public var maxStorage: Int64
        /// Streams allowed.
        public var maxStreams: Int
        /// Consumers allowed.
        public var maxConsumers: Int

        enum CodingKeys: String, CodingKey {
            case maxMemory = "max_memory"
            case maxStorage = "max_storage"
            case maxStreams = "max_streams"
            case maxConsumers = "max_consumers"
        }
    }

    /// How many API calls the account made and how many failed.
    public struct APIStats: Codable, Hashable, Sendable {
        /// Calls made.
        public var total: UInt64
        /// Calls that returned an error.
        public var errors: UInt64
        /// The server's API level (2.10+; absent on 2.9).
        public var level: Int?
    }
}
