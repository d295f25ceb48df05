/// Go-style duration text (`90s`, `10m`, `1h30m`, `500ms`, `1.5h`), the form asyncjobs' tools use.
public enum GoDuration {
    static let units: [(suffix: String, nanoseconds: Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// Parses Go duration text; nil when it is not one (a bare number other than 0 needs a unit).
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        var sign = 1.0
        if rest.hasPrefix("-") { sign = -1; rest = rest.dropFirst() }
        else if rest.hasPrefix("+") { rest = rest.dropFirst() }
        if rest == "0" { return .zero }
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = units.first(where: { $0.suffix == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.nanoseconds
        }
        guard total.isFinite, total < 9.2e18 else { return nil }
        return .nanoseconds(Int64((sign * total).rounded()))
    }

    /// Formats like Go's `Duration.String()`: `1h30m0s`, `1.5s`, `500ms`, `0s`.
    public static func format(_ duration: Duration) -> String {
        let total = duration.nanoseconds
        if total == 0 { return "0s" }
        let sign = total < 0 ? "-" : ""
        let magnitude = total.magnitude
        if magnitude < 1_000_000_000 {
            for (suffix, size) in [("ms", 1_000_000 as UInt64), ("µs", 1_000), ("ns", 1)] where magnitude >= size {
                return sign + decimal(magnitude, unit: size) + suffix
            }
        }
        let hours = magnitude / 3_600_000_000_000
        let minutes = magnitude / 60_000_000_000 % 60
        let seconds = decimal(magnitude % 60_000_000_000, unit: 1_000_000_000)
        if hours > 0 { return "\(sign)\(hours)h\(minutes)m\(seconds)s" }
        if minutes > 0 { return "\(sign)\(minutes)m\(seconds)s" }
        return "\(sign)\(seconds)s"
    }

    /// `value / unit` with the fraction's trailing zeros trimmed.
    static func decimal(_ value: UInt64, unit: UInt64) -> String {
        let whole = value / unit
        var fraction = value % unit
        guard fraction != 0 else { return String(whole) }
        var digits = ""
        var scale = unit / 10
        while fraction != 0, scale > 0 {
            digits.append(Character(String(fraction / scale)))
            fraction %= scale
            scale /= 10
        }
        return "\(whole).\(digits)"
    }

    /// A short, human form for dashboards: `45s`, `3m12s`, `2h05m`, `3d04h`.
    public static func compact(_ duration: Duration) -> String {
        let seconds = max(0, duration.nanoseconds / 1_000_000_000)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(pad(seconds % 60))s" }
        if seconds < 86400 { return "\(seconds / 3600)h\(pad(seconds / 60 % 60))m" }
        return "\(seconds / 86400)d\(pad(seconds / 3600 % 24))h"
    }

    static func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
