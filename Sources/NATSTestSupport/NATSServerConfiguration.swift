/// How a test nats-server is configured; rendered into its config file by `NATSServer`.
public struct NATSServerConfiguration: Sendable {
    /// How clients must authenticate.
    public enum Authorization: Sendable {
        case userPassword(user: String, password: String)
        case token(String)
        /// Users identified by their NKey public keys (`U…`).
        case nkeys([String])
        /// Operator mode with an in-memory resolver: the operator JWT and each account's public key → JWT.
        case operatorMode(operatorJWT: String, accounts: [String: String])
    }

    /// TLS for client connections; `verifyClients` demands a client certificate signed by `caFile`.
    public struct TLS: Sendable {
        public var certificateFile: String
        public var keyFile: String
        public var caFile: String
        public var verifyClients: Bool

        public init(certificateFile: String, keyFile: String, caFile: String, verifyClients: Bool = false) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.caFile = caFile
            self.verifyClients = verifyClients
        }
    }

    public var version: NATSServerBinary.Version
    public var jetStream: Bool
    /// `jetstream { sync_interval: always }`: fsync before every acknowledgement (2.15 only; 2.9 rejects it).
    public var syncAlways: Bool
    public var authorization: Authorization?
    public var tls: TLS?
    public var maxPayload: Int?
    /// How long lame-duck mode lasts before the server exits, and how long it waits before closing clients.
    public var lameDuckDuration: String
    public var lameDuckGracePeriod: String
    /// Raw config text appended as is (a JetStream domain, feature flags, accounts…).
    public var extra: String

    public init(
        version: NATSServerBinary.Version = .v2_15, jetStream: Bool = false, syncAlways: Bool = false,
        authorization: Authorization? = nil, tls: TLS? = nil, maxPayload: Int? = nil, lameDuckDuration: String = "30s",
        lameDuckGracePeriod: String = "10s", extra: String = ""
    ) {
        self.version = version
        self.jetStream = jetStream
        self.syncAlways = syncAlways
        self.authorization = authorization
        self.tls = tls
        self.maxPayload = maxPayload
        self.lameDuckDuration = lameDuckDuration
        self.lameDuckGracePeriod = lameDuckGracePeriod
        self.extra = extra
    }

    /// The config file for one server listening on `port`, storing under `storeDirectory`, with its cluster
    /// listener and routes when it is one node of a cluster.
    func render(name: String, port: Int, storeDirectory: String, cluster: (port: Int, routes: [Int])?) -> String {
        var lines = [
            "server_name: \(quoted(name))",
            "listen: 127.0.0.1:\(port)",
            "lame_duck_duration: \(quoted(lameDuckDuration))",
            "lame_duck_grace_period: \(quoted(lameDuckGracePeriod))",
        ]
        if let maxPayload { lines.append("max_payload: \(maxPayload)") }
        if jetStream {
            var block = "jetstream { store_dir: \(quoted(storeDirectory))"
            if syncAlways { block += ", sync_interval: always" }
            lines.append(block + " }")
        }
        // A client gets 10 s to authenticate, not the server's 2 s: a test process briefly starved of CPU on a
        // loaded 2-core machine otherwise sees "Authentication Timeout" where the test expects another outcome.
        let authTimeout = "timeout: 10"
        switch authorization {
        case nil:
            break
        case .userPassword(let user, let password):
            lines.append("authorization { user: \(quoted(user)), password: \(quoted(password)), \(authTimeout) }")
        case .token(let token):
            lines.append("authorization { token: \(quoted(token)), \(authTimeout) }")
        case .nkeys(let keys):
            lines.append("authorization { users: [ \(keys.map { "{ nkey: \(quoted($0)) }" }.joined(separator: ", ")) ], \(authTimeout) }")
        case .operatorMode(let operatorJWT, let accounts):
            lines.append("operator: \(quoted(operatorJWT))")
            lines.append("resolver: MEMORY")
            let preload = accounts.map { "\($0.key): \(quoted($0.value))" }.joined(separator: ", ")
            lines.append("resolver_preload: { \(preload) }")
        }
        if let tls {
            lines.append(
                "tls { cert_file: \(quoted(tls.certificateFile)), key_file: \(quoted(tls.keyFile)), "
                    + "ca_file: \(quoted(tls.caFile)), verify: \(tls.verifyClients) }")
        }
        if let cluster {
            let routes = cluster.routes.map { quoted("nats-route://127.0.0.1:\($0)") }.joined(separator: ", ")
            lines.append("cluster { name: \"test-cluster\", listen: 127.0.0.1:\(cluster.port), routes: [ \(routes) ] }")
        }
        if !extra.isEmpty { lines.append(extra) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
