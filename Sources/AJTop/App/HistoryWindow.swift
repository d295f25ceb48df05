import AsyncJobs

/// How far back a queue's history chart looks: `h` cycles 1 h → 24 h → 7 d. The store keeps per-minute
/// figures for 7 days, so the widest window is all of it.
public enum HistoryWindow: String, Sendable, Hashable, CaseIterable {
    /// The last hour.
    case hour = "1h"
    /// The last day.
    case day = "24h"
    /// The last week: everything the store keeps.
    case week = "7d"

    /// How far back the window reaches.
    public var span: Duration {
        switch self {
        case .hour: .seconds(3600)
        case .day: .seconds(86_400)
        case .week: .seconds(7 * 86_400)
        }
    }

    /// The window after this one, wrapping.
    public var next: HistoryWindow { Self.allCases[(Self.allCases.firstIndex(of: self)! + 1) % Self.allCases.count] }

    /// Bucket widths a chart may use: whole minutes (the store's resolution) that divide an hour or a day,
    /// so buckets start on round clock times and the title can name them (`per 15m`).
    static let bucketWidths: [Duration] = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720].map { .seconds($0 * 60) }

    /// The narrowest bucket that fits the window into `columns` bars (one column per bucket): per minute for
    /// an hour on 80 columns, 30 minutes for a day, 3 hours for a week (2 hours from 84 columns on).
    public func bucket(forColumns columns: Int) -> Duration {
        let columns = Int64(max(1, columns))
        return Self.bucketWidths.first { span.nanoseconds / $0.nanoseconds <= columns } ?? Self.bucketWidths.last!
    }

    /// Where the axis is labelled, as offsets back from now (the first is now itself).
    public var ticks: [Duration] {
        let count = self == .week ? 7 : 4
        return (0...count).map { span / count * $0 }
    }

    /// The axis label `offset` back from now: `now`, `-15m`, `-6h`, `-2d`.
    public func label(back offset: Duration) -> String {
        guard offset > .zero else { return "now" }
        let seconds = offset.nanoseconds / 1_000_000_000
        switch self {
        case .hour: return "-\(seconds / 60)m"
        case .day: return "-\(seconds / 3600)h"
        case .week: return "-\(seconds / 86_400)d"
        }
    }
}
