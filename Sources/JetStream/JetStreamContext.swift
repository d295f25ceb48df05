import NATS

/// JetStream over one NATS connection: every API call is a request to `$JS.API.…` (or a domain's prefix)
/// through the client's muxed inbox, with a JSON reply decoded into a typed result or a typed error.
///
/// The context holds no state beyond the client and its settings, so it is cheap to make and safe to share.
public final class JetStreamContext: Sendable {
    /// The core connection everything is sent on.
    public let client: NATSClient
    /// The API subjects (default prefix, or a domain's).
    public let subjects: JetStreamAPISubjects
    /// How long an API call waits for its reply (jsm.go's default is 5 s).
    public let timeout: Duration

    /// A context on `client`, optionally for a JetStream `domain`.
    public init(client: NATSClient, domain: String? = nil, timeout: Duration = .seconds(5)) {
        self.client = client
        self.subjects = JetStreamAPISubjects(domain: domain)
        self.timeout = timeout
    }

    /// The connected server's version, or 2.10 when INFO's version cannot be read (a newer server is likelier
    /// than an older one to send something unexpected).
    public var serverVersion: ServerVersion {
        ServerVersion(client.serverInfo.version) ?? .twoTen
    }

    /// The account's JetStream usage and limits; also the cheap probe of whether JetStream is on.
    public func accountInfo() async throws -> AccountInfo {
        try await call(subjects.accountInfo)
    }

    /// Sends `body` (JSON, or an empty payload when nil) to an API subject and decodes the reply.
    func call<Reply: Decodable>(_ subject: String, body: (some Encodable)? = Optional<Never>.none,
                                as type: Reply.Type = Reply.self) async throws -> Reply {
        let payload = try body.map { try JetStreamJSON.encode($0) } ?? []
        let reply = try await request(subject, payload: payload, headers: nil, timeout: timeout)
        return try JetStreamJSON.decodeReply(Reply.self, from: reply.payload)
    }

    /// A core request with the 503 status, however the client reports it, turned into ``JetStreamError/noResponders(subject:)``.
    func request(_ subject: String, payload: [UInt8], headers: NATSHeaders?, timeout: Duration) async throws -> NATSMessage {
        let reply: NATSMessage
        do {
            reply = try await client.request(subject, payload: payload, headers: headers, timeout: timeout)
        } catch NATSError.noResponders {
            throw JetStreamError.noResponders(subject: subject)
        }
        if reply.status == 503 { throw JetStreamError.noResponders(subject: subject) }
        return reply
    }
}
