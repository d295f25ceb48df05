/// The span a chart of upcoming retries covers, picked from the retries themselves: retries due within
/// seconds get a minute-wide chart instead of piling into the first column of an hour-wide one, and a
/// queue whose retries wait for hours gets a day.
public enum RetryWindow: Sendable, Hashable, CaseIterable {
    /// The next minute.
    case minute
    /// The next 10 minutes.
    case tenMinutes
    /// The next hour.
    case hour
    /// The next day (the longest a chart looks ahead).
    case day

    /// How far ahead the window reaches.
    public var span: Duration {
        switch self {
        case .minute: .seconds(60)
        case .tenMinutes: .seconds(600)
        case .hour: .seconds(3600)
        case .day: .seconds(86_400)
        }
    }

    /// Where the axis is labelled, as offsets from now (the first is now itself).
    public var ticks: [Duration] {
        let count = self == .tenMinutes ? 5 : 4
        return (0...count).map { span / count * $0 }
    }

    /// The axis label at `offset` from now, in the window's unit: `now`, `+15s`, `+4m`, `+45m`, `+18h`.
    public func label(at offset: Duration) -> String {
        guard offset > .zero else { return "now" }
        let (unit, suffix): (Int64, String) = switch self {
        case .minute: (1, "s")
        case .tenMinutes, .hour: (60, "m")
        case .day: (3600, "h")
        }
        return "+\(offset.nanoseconds / 1_000_000_000 / unit)\(suffix)"
    }

    /// How the window is named: "next minute", "next 10 minutes", "next hour", "next day".
    public var name: String {
        switch self {
        case .minute: "next minute"
        case .tenMinutes: "next 10 minutes"
        case .hour: "next hour"
        case .day: "next day"
        }
    }

    /// The narrowest window holding every retry in `due` (a day when some are later still); an hour when
    /// none is due, the span operators expect to see empty.
    public static func fitting(_ due: [Timestamp], now: Timestamp) -> RetryWindow {
        guard let last = due.max() else { return .hour }
        return allCases.first { now + $0.span >= last } ?? .day
    }
}
