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

    /// The metadata of a `$JS.ACK` reply subject, or nil when the subject is not one. Read from the bytes
    /// (splitting the subject into strings cost a fifth of a 100,000-task store's open in profiles).
    public init?(replySubject: String) {
        var subject = replySubject
        guard let parsed = subject.withUTF8(Self.parse) else { return nil }
        self = parsed
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> AckMetadata? {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 11) { ends -> AckMetadata? in
            // Where each of the first 11 tokens ends (the dot after it, or the end); later ones do not matter.
            var tokens = 1
            for index in bytes.indices where bytes[index] == UInt8(ascii: ".") {
                if tokens <= 11 { ends[tokens - 1] = index }
                tokens += 1
            }
            if tokens <= 11 { ends[tokens - 1] = bytes.count }
            guard tokens >= 9, tokens != 10 else { return nil }
            func token(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                // v1 has no domain and account hash: its tokens from the stream on sit two places earlier.
                let at = tokens == 9 && index >= 2 ? index - 2 : index
                let start = at == 0 ? 0 : ends[at - 1] + 1
                return UnsafeBufferPointer(rebasing: bytes[start..<ends[at]])
            }
            guard token(0).elementsEqual("$JS".utf8), token(1).elementsEqual("ACK".utf8),
                  let delivered = UInt64(digits: token(6)), let streamSequence = UInt64(digits: token(7)),
                  let consumerSequence = UInt64(digits: token(8)), let timestamp = Int64(digits: token(9)),
                  let pending = UInt64(digits: token(10))
            else { return nil }
            let domainToken = tokens == 9 ? nil : token(2)
            let domain = domainToken.flatMap { $0.isEmpty || $0.elementsEqual("_".utf8) ? nil : String(decoding: $0, as: UTF8.self) }
            return AckMetadata(domain: domain, stream: String(decoding: token(4), as: UTF8.self),
                               consumer: String(decoding: token(5), as: UTF8.self), deliveredCount: delivered,
                               streamSequence: streamSequence, consumerSequence: consumerSequence,
                               timestampNanoseconds: timestamp, pendingCount: pending)
        }
    }

    private init(domain: String?, stream: String, consumer: String, deliveredCount: UInt64, streamSequence: UInt64,
                 consumerSequence: UInt64, timestampNanoseconds: Int64, pendingCount: UInt64) {
        self.domain = domain
        self.stream = stream
        self.consumer = consumer
        self.deliveredCount = deliveredCount
        self.streamSequence = streamSequence
        self.consumerSequence = consumerSequence
        self.timestampNanoseconds = timestampNanoseconds
        self.pendingCount = pendingCount
    }
}

extension FixedWidthInteger {
    /// The integer spelled by ASCII `bytes` as `init?(_: String)` reads it (an optional sign, then decimal
    /// digits), without making a string.
    init?(digits bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        var value: Self = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Self(byte - UInt8(ascii: "0"))
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            let (sum, carry) = negative ? scaled.subtractingReportingOverflow(digit) : scaled.addingReportingOverflow(digit)
            guard !carry else { return nil }
            value = sum
            index += 1
        }
        self = value
    }
}
