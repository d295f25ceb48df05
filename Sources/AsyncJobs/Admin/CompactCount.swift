/// Counts short enough for a table column, shared by `ajc` and `ajtop`: exact below 100,000, then
/// `123k`, `1.5M`, `12M`, `4.2G` … up to `9.2E` for 2^63−1.
///
/// MaxConcurrent may be as large as 2^63−1: nineteen digits pushed `ajc queue ls` past 80 columns and
/// overflowed the dashboard's column. Exact values stay in `--json` and `queue info`.
public enum CompactCount {
    /// `value` in at most six characters (seven when negative).
    public static func text(_ value: Int) -> String {
        if value < 0 { return "-" + text(value == .min ? .max : -value) }
        if value < 100_000 { return String(value) }
        if value < 1_000_000 { return "\(value / 1000)k" }
        // Truncated, never rounded up, so a limit never reads larger than it is.
        for (suffix, unit) in [("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
                               ("P", 1_000_000_000_000_000), ("E", 1_000_000_000_000_000_000)] {
            if value / unit < 10 {
                let tenths = value / (unit / 10)
                return "\(tenths / 10).\(tenths % 10)\(suffix)"
            }
            if value / unit < 1000 || suffix == "E" { return "\(value / unit)\(suffix)" }
        }
        return String(value)
    }
}
