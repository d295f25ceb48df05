import NATS

/// Publishing into streams one acknowledged message at a time.
extension JetStreamContext {
    /// Publishes to a stream's subject and waits for the stream's acknowledgement.
    ///
    /// A subject no stream captures fails with ``JetStreamError/noResponders(subject:)``; a failed expectation
    /// in `options` with ``JetStreamError/api(_:)``.
    @discardableResult
    public func publish(_ subject: String, payload: [UInt8], headers: NATSHeaders? = nil,
                        options: PublishOptions = PublishOptions(), timeout: Duration? = nil) async throws -> PubAck {
        let reply = try await request(subject, payload: payload, headers: options.merged(into: headers),
                                      timeout: timeout ?? self.timeout)
        return try PubAckParser.parse(reply.payload)
    }
}
