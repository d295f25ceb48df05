/// The body of a `CONSUMER.MSG.NEXT` pull: how many messages, and how long the server may hold the request.
///
/// `expires` should always be set: a pull without one waits on the server forever, and a message delivered
/// after the caller gave up sits unacknowledged for the whole AckWait.
public struct PullRequest: Codable, Hashable, Sendable {
    /// Most messages to deliver for this request.
    public var batch: Int
    /// How long the server keeps the request open; it then answers `408 Request Timeout`.
    public var expires: Nanoseconds?
    /// Answer `404 No Messages` at once when nothing is pending, instead of waiting.
    public var noWait: Bool?
    /// Send `100 Idle Heartbeat` at this interval while waiting.
    public var idleHeartbeat: Nanoseconds?
    /// Most bytes to deliver for this request.
    public var maxBytes: Int?

    /// A pull of `batch` messages.
    public init(batch: Int, expires: Nanoseconds? = nil, noWait: Bool? = nil, idleHeartbeat: Nanoseconds? = nil,
                maxBytes: Int? = nil) {
        self.batch = batch
        self.expires = expires
        self.noWait = noWait
        self.idleHeartbeat = idleHeartbeat
        self.maxBytes = maxBytes
    }

    enum CodingKeys: String, CodingKey {
        case batch, expires
        case noWait = "no_wait"
        case idleHeartbeat = "idle_heartbeat"
        case maxBytes = "max_bytes"
    }
}
