/// Task counts by state as a JSON object keyed by state name, every state present (zero included), so
/// scripts need no defaults.
public struct StateCounts: Sendable, Hashable, Encodable {
    /// The counts; missing states count zero.
    public var counts: [TaskState: Int]

    /// Wraps `counts`.
    public init(_ counts: [TaskState: Int]) { self.counts = counts }

    struct StateKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Writes one key per state, zero for states not in ``counts``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: StateKey.self)
        for state in TaskState.allCases {
            try container.encode(counts[state, default: 0], forKey: StateKey(stringValue: state.rawValue))
        }
    }
}
