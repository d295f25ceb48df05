/// Everything the client needs to connect and to survive losing the connection.
public struct NATSOptions: Sendable, Equatable {
    /// Servers to dial, in order: `nats://host:port`, `tls://host:port`, `host:port`. Servers the cluster
    /// announces in `connect_urls` are added to this pool while connected.
    public var servers: [String]
    /// The name the server shows for this connection (`nats server report connections`).
    public var name: String?
    public var auth: NATSAuth
    /// TLS settings; a `tls://` URL or a server that requires TLS also turns TLS on, with these or the defaults.
    public var tls: NATSTLSOptions?
    public var reconnect: NATSReconnectPolicy
    /// How often the client pings an idle server to find a dead connection.
    public var pingInterval: Duration
    /// Unanswered pings after which the connection is declared stale and dropped.
    public var maxPingsOutstanding: Int
    /// Bound, in bytes, of what `publish` buffers while disconnected; past it `publish` throws
    /// `NATSError.pendingBufferFull` instead of dropping the message.
    public var maxPendingBytes: Int
    /// Messages a subscription holds for a consumer that has not taken them; beyond this the subscription is
    /// a slow consumer and further messages are dropped, counted and reported as `NATSClientEvent.slowConsumer`.
    public var subscriptionPendingLimit: Int
    /// How long one dial plus handshake may take.
    public var connectTimeout: Duration
    /// Prefix of inbox subjects (`_INBOX` by default); accounts with restricted permissions may need another.
    public var inboxPrefix: String

    public init(
        servers: [String] = ["nats://127.0.0.1:4222"], name: String? = nil, auth: NATSAuth = .none,
        tls: NATSTLSOptions? = nil, reconnect: NATSReconnectPolicy = .standard, pingInterval: Duration = .seconds(120),
        maxPingsOutstanding: Int = 2, maxPendingBytes: Int = 8 << 20, subscriptionPendingLimit: Int = 65_536,
        connectTimeout: Duration = .seconds(5), inboxPrefix: String = "_INBOX"
    ) {
        self.servers = servers
        self.name = name
        self.auth = auth
        self.tls = tls
        self.reconnect = reconnect
        self.pingInterval = pingInterval
        self.maxPingsOutstanding = maxPingsOutstanding
        self.maxPendingBytes = maxPendingBytes
        self.subscriptionPendingLimit = subscriptionPendingLimit
        self.connectTimeout = connectTimeout
        self.inboxPrefix = inboxPrefix
    }
}
