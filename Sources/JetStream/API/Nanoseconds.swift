/// A span of time as JetStream's JSON carries it: Go's `time.Duration`, a plain integer of nanoseconds.
///
/// Configs and requests keep this type rather than `Duration` so that synthesized `Codable` writes the exact
/// integer the server expects and decodes what it echoes back without rounding.
public struct Nanoseconds: Codable, Hashable, Sendable, Comparable, ExpressibleByIntegerLiteral {
    /// The span in nanoseconds.
    public var value: Int64

    /// A span of `value` nanoseconds.
    public init(_ value: Int64) { self.value = value }

    /// A span of `value` nanoseconds, written as a literal.
    public init(integerLiteral value: Int64) { self.value = value }

    /// The span of a Swift `Duration`, truncated to whole nanoseconds.
    public init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        value = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// `count` whole seconds.
    public static func seconds(_ count: Int64) -> Nanoseconds { Nanoseconds(count * 1_000_000_000) }

    /// `count` whole milliseconds.
    public static func milliseconds(_ count: Int64) -> Nanoseconds { Nanoseconds(count * 1_000_000) }

    /// The span as a Swift `Duration`.
    public var duration: Duration { .nanoseconds(value) }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public static func < (lhs: Nanoseconds, rhs: Nanoseconds) -> Bool { lhs.value < rhs.value }
}
