/// Consumer pause (nats-server 2.11+): a paused consumer delivers nothing until its pause ends.
extension JetStreamContext {
    /// The first server version with `CONSUMER.PAUSE`.
    public static let consumerPauseVersion = ServerVersion(2, 11)

    /// Pauses the consumer until `until` (an RFC 3339 time), or resumes it with nil; returns whether it is
    /// paused now. Throws ``JetStreamError/unsupportedByServer(_:)`` on a server older than 2.11, which has no
    /// such request.
    @discardableResult
    public func pauseConsumer(stream: String, name: String, until: String?) async throws -> Bool {
        try validateName(stream, what: "stream name")
        try validateName(name, what: "consumer name")
        guard serverVersion >= Self.consumerPauseVersion else {
            throw JetStreamError.unsupportedByServer(
                "consumer pause needs nats-server ≥ \(Self.consumerPauseVersion) (this is \(serverVersion))")
        }
        let reply: ConsumerPauseResponse = try await call(subjects.consumerPause(stream, name: name),
                                                          body: ConsumerPauseRequest(pauseUntil: until))
        return reply.paused
    }
}

struct ConsumerPauseRequest: Encodable {
    var pauseUntil: String?

    enum CodingKeys: String, CodingKey { case pauseUntil = "pause_until" }
}

struct ConsumerPauseResponse: Decodable {
    var paused: Bool
}
