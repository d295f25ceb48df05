/// Go-style duration text (`90s`, `10m`, `1h30m`, `500ms`, `1.5h`), the form asyncjobs' tools use.
public enum GoDuration {
    static let units: [(suffix: String, nanoseconds: UInt64)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("μs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
        ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    /// Parses Go duration text; nil when it is not one (a bare number other than 0 needs a unit) or it
    /// does not fit in 64-bit nanoseconds.
    ///
    /// Whole numbers are summed in integer nanoseconds, as Go does, so every duration up to Go's largest
    /// (`2562047h47m16.854775807s`) is accepted exactly; floating point lost the last few hours of that range.
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        var negative = false
        if rest.hasPrefix("-") { negative = true; rest = rest.dropFirst() }
        else if rest.hasPrefix("+") { rest = rest.dropFirst() }
        if rest == "0" { return .zero }
        guard !rest.isEmpty else { return nil }
        func isDigit(_ character: Character) -> Bool { character.isASCII && character.isNumber }
        var total: UInt64 = 0
        while !rest.isEmpty {
            let whole = rest.prefix(while: isDigit)
            rest = rest.dropFirst(whole.count)
            var fraction = Substring()
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = rest.prefix(while: isDigit)
                rest = rest.dropFirst(fraction.count)
            }
            guard !whole.isEmpty || !fraction.isEmpty else { return nil }
            let unitText = rest.prefix { !isDigit($0) && $0 != "." }
            guard let unit = units.first(where: { $0.suffix == unitText })?.nanoseconds else { return nil }
            rest = rest.dropFirst(unitText.count)
            guard let wholeValue = whole.isEmpty ? 0 : UInt64(whole) else { return nil }
            let (scaled, overflow) = wholeValue.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            // The fraction is below one unit (at most an hour), well within a Double's exact integers.
            let fractionValue = fraction.isEmpty ? 0 : UInt64(((Double("0." + fraction) ?? 0) * Double(unit)).rounded())
            let (sum, sumOverflow) = total.addingReportingOverflow(scaled)
            let (next, fractionOverflow) = sum.addingReportingOverflow(fractionValue)
            guard !sumOverflow, !fractionOverflow else { return nil }
            total = next
        }
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard total <= limit else { return nil }
        if negative { return .nanoseconds(total == limit ? Int64.min : -Int64(total)) }
        return .nanoseconds(Int64(total))
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
