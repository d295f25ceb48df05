import NATS

/// The expectations and identity a stream publish may carry, as `Nats-*` headers the server checks before
/// storing. A failed expectation is an API error: 10071/10164 for a sequence (``JetStreamError/isWrongLastSequence``),
/// 10060 for the stream, 10070 for the message id.
public struct PublishOptions: Sendable, Hashable {
    /// `Nats-Msg-Id`: de-duplicates within the stream's duplicate window (the ack says `duplicate`).
    public var messageID: String?
    /// `Nats-Expected-Stream`: store only if the subject lands in this stream.
    public var expectedStream: String?
    /// `Nats-Expected-Last-Sequence`: store only if the stream's last sequence is this.
    public var expectedLastSequence: UInt64?
    /// `Nats-Expected-Last-Subject-Sequence`: store only if the subject's last message has this sequence;
    /// 0 means the subject must have no message yet (a compare-and-set create).
    public var expectedLastSubjectSequence: UInt64?
    /// `Nats-Expected-Last-Msg-Id`: store only if the stream's last message had this id.
    public var expectedLastMessageID: String?
    /// `Nats-TTL` (2.11+, streams with `allowMessageTTL`): how long this message lives.
    public var messageTTL: Duration?

    /// Options with the given expectations; nil ones are not sent.
    public init(messageID: String? = nil, expectedStream: String? = nil, expectedLastSequence: UInt64? = nil,
                expectedLastSubjectSequence: UInt64? = nil, expectedLastMessageID: String? = nil,
                messageTTL: Duration? = nil) {
        self.messageID = messageID
        self.expectedStream = expectedStream
        self.expectedLastSequence = expectedLastSequence
        self.expectedLastSubjectSequence = expectedLastSubjectSequence
        self.expectedLastMessageID = expectedLastMessageID
        self.messageTTL = messageTTL
    }

    /// `headers` plus one header per option set, or nil when there is nothing to send.
    func merged(into headers: NATSHeaders?) -> NATSHeaders? {
        var merged = headers ?? NATSHeaders()
        if let messageID { merged.set("Nats-Msg-Id", messageID) }
        if let expectedStream { merged.set("Nats-Expected-Stream", expectedStream) }
        if let expectedLastSequence { merged.set("Nats-Expected-Last-Sequence", String(expectedLastSequence)) }
        if let expectedLastSubjectSequence {
            merged.set("Nats-Expected-Last-Subject-Sequence", String(expectedLastSubjectSequence))
        }
        if let expectedLastMessageID { merged.set("Nats-Expected-Last-Msg-Id", expectedLastMessageID) }
        if let messageTTL { merged.set("Nats-TTL", "\(Nanoseconds(messageTTL).value / 1_000_000_000)s") }
        return merged.isEmpty ? nil : merged
    }
}
