/// The acknowledgement of a message stored in a stream: `{"stream":"X","seq":1}`, plus `duplicate` when
/// `Nats-Msg-Id` matched an earlier message (its `seq` is then the original's) and `domain` with a
/// JetStream domain.
public struct PubAck: Codable, Hashable, Sendable {
    /// The stream that stored the message.
    public var stream: String
    /// The message's stream sequence (for KV: the key's new revision).
    public var sequence: UInt64
    /// True when the message was a duplicate within the stream's window and not stored again.
    public var duplicate: Bool
    /// The JetStream domain, when the server has one.
    public var domain: String?

    /// An acknowledgement with these values.
    public init(stream: String, sequence: UInt64, duplicate: Bool = false, domain: String? = nil) {
        self.stream = stream
        self.sequence = sequence
        self.duplicate = duplicate
        self.domain = domain
    }

    enum CodingKeys: String, CodingKey {
        case stream, duplicate, domain
        case sequence = "seq"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        stream = try container.decode(String.self, forKey: .stream)
        sequence = try container.decode(UInt64.self, forKey: .sequence)
        duplicate = try container.decodeIfPresent(Bool.self, forKey: .duplicate) ?? false
        domain = try container.decodeIfPresent(String.self, forKey: .domain)
    }
}
