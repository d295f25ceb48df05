/// The acknowledgement bodies a delivery's reply subject accepts.
public enum AckKind: Sendable, Hashable {
    /// Done: the server forgets the delivery (and a work-queue stream removes the message).
    case ack
    /// Redeliver, at once or after `delay`.
    case nak(delay: Duration?)
    /// Still working: restart the AckWait timer. May repeat.
    case inProgress
    /// Never redeliver; the optional reason goes into the server's advisory.
    case term(reason: String?)

    /// The exact body: `+ACK`, `-NAK`, `-NAK {"delay": <ns>}` (asyncjobs' form), `+WPI`, `+TERM[ reason]`.
    public var body: [UInt8] {
        switch self {
        case .ack: Array("+ACK".utf8)
        case .nak(nil): Array("-NAK".utf8)
        case .nak(let delay?): Array("-NAK {\"delay\": \(Nanoseconds(delay).value)}".utf8)
        case .inProgress: Array("+WPI".utf8)
        case .term(nil): Array("+TERM".utf8)
        case .term(let reason?): Array("+TERM \(reason)".utf8)
        }
    }
}
