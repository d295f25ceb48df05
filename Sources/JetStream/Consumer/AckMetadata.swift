/// What a delivery's reply subject (`$JS.ACK.…`) says about it: stream, consumer, how often it was
/// delivered, its positions, when it was stored and how many messages are still pending.
///
/// Two layouts exist: v1 with 9 tokens (`$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>`)
/// and v2 with 11 or more (`$JS.ACK.<domain>.<account hash>.<stream>…`, domain `_` when none), which 2.14+
/// sends with the `js_ack_fc_v2` feature flag.
public struct AckMetadata: Hashable, Sendable {
    /// The JetStream domain (v2 only; nil when absent or `_`).
    public var domain: String?
    /// The stream the message is stored in.
    public var stream: String
    /// The consumer that delivered it.
    public var consumer: String
    /// How many times it has been delivered, 1 on the first delivery.
    public var deliveredCount: UInt64
    /// The message's stream sequence.
    public var streamSequence: UInt64
    /// The delivery's consumer sequence.
    public var consumerSequence: UInt64
    /// When the message was stored, in Unix nanoseconds.
    public var timestampNanoseconds: Int64
    /// Messages matching the consumer still waiting after this one.
    public var pendingCount: UInt64

    /// The metadata of a `$JS.ACK` reply subject, or nil when the subject is not one.
    public init?(replySubject: String) {
        var tokens = replySubject.split(separator: ".", omittingEmptySubsequences: false)
        guard tokens.count >= 9, tokens.count != 10, tokens[0] == "$JS", tokens[1] == "ACK" else { return nil }
        if tokens.count == 9 { tokens.insert(contentsOf: ["", ""], at: 2) }
        func number<T: FixedWidthInteger>(_ index: Int) -> T? { T(tokens[index]) }
        guard let delivered: UInt64 = number(6), let streamSequence: UInt64 = number(7),
              let consumerSequence: UInt64 = number(8), let timestamp: Int64 = number(9),
              let pending: UInt64 = number(10)
        else { return nil }
        let domainToken = tokens[2]
        domain = domainToken.isEmpty || domainToken == "_" ? nil : String(domainToken)
        stream = String(tokens[4])
        consumer = String(tokens[5])
        deliveredCount = delivered
        self.streamSequence = streamSequence
        self.consumerSequence = consumerSequence
        timestampNanoseconds = timestamp
        pendingCount = pending
    }
}
