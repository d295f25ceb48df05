/// What the server says about itself in `INFO`, sent on connect and again when the cluster changes.
public struct NATSServerInfo: Sendable, Equatable, Decodable {
    public var serverID: String = ""
    public var serverName: String = ""
    public var version: String = ""
    public var proto: Int = 0
    public var host: String = ""
    public var port: Int = 0
    /// Whether the server understands `HPUB`/`HMSG`.
    public var headers: Bool = false
    /// The largest message (headers plus body) the server accepts, in bytes.
    public var maxPayload: Int = 1_048_576
    public var jetstream: Bool = false
    public var authRequired: Bool = false
    public var tlsRequired: Bool = false
    public var tlsVerify: Bool = false
    public var tlsAvailable: Bool = false
    /// The challenge to sign for NKey and JWT authentication.
    public var nonce: String?
    /// Other cluster members' client addresses (`host:port`), to add to the reconnect pool.
    public var connectURLs: [String] = []
    /// Lame-duck mode: the server is shutting down and wants clients to move elsewhere.
    public var lameDuckMode: Bool = false
    public var clientID: UInt64?
    public var clientIP: String?
    public var domain: String?
    public var cluster: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case serverID = "server_id", serverName = "server_name", version, proto, host, port, headers
        case maxPayload = "max_payload", jetstream, authRequired = "auth_required", tlsRequired = "tls_required"
        case tlsVerify = "tls_verify", tlsAvailable = "tls_available", nonce, connectURLs = "connect_urls"
        case lameDuckMode = "ldm", clientID = "client_id", clientIP = "client_ip", domain, cluster
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serverID = try c.decodeIfPresent(String.self, forKey: .serverID) ?? ""
        serverName = try c.decodeIfPresent(String.self, forKey: .serverName) ?? ""
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? ""
        proto = try c.decodeIfPresent(Int.self, forKey: .proto) ?? 0
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? ""
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? 0
        headers = try c.decodeIfPresent(Bool.self, forKey: .headers) ?? false
        maxPayload = try c.decodeIfPresent(Int.self, forKey: .maxPayload) ?? 1_048_576
        jetstream = try c.decodeIfPresent(Bool.self, forKey: .jetstream) ?? false
        authRequired = try c.decodeIfPresent(Bool.self, forKey: .authRequired) ?? false
        tlsRequired = try c.decodeIfPresent(Bool.self, forKey: .tlsRequired) ?? false
        tlsVerify = try c.decodeIfPresent(Bool.self, forKey: .tlsVerify) ?? false
        tlsAvailable = try c.decodeIfPresent(Bool.self, forKey: .tlsAvailable) ?? false
        nonce = try c.decodeIfPresent(String.self, forKey: .nonce)
        connectURLs = try c.decodeIfPresent([String].self, forKey: .connectURLs) ?? []
        lameDuckMode = try c.decodeIfPresent(Bool.self, forKey: .lameDuckMode) ?? false
        clientID = try c.decodeIfPresent(UInt64.self, forKey: .clientID)
        clientIP = try c.decodeIfPresent(String.self, forKey: .clientIP)
        domain = try c.decodeIfPresent(String.self, forKey: .domain)
        cluster = try c.decodeIfPresent(String.self, forKey: .cluster)
    }
}
