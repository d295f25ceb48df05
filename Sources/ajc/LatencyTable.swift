import AsyncJobs
import Foundation

/// `ajc queue info`'s latency table: wait and run p50/p95/p99 and the counts over the last 5 minutes
/// and the last hour, for the whole queue and then each task type.
struct LatencyTable {
    let activity: QueueActivity

    init(_ activity: QueueActivity) { self.activity = activity }

    func render() -> String {
        var table = TextTable([TextTable.Column(title: "LATENCY"), TextTable.Column(title: "WINDOW")]
            + ["wait", "run"].flatMap { kind in
                QueueActivity.percentiles.map { TextTable.Column(title: "\(kind.uppercased()) \($0.name.uppercased())", alignRight: true) }
            }
            + ["DONE", "FAILED", "RETRIED"].map { TextTable.Column(title: $0, alignRight: true) })
        let windows = [("(all types)", activity.queue)] + activity.byType.sorted { $0.key < $1.key }
        for (label, window) in windows {
            for (name, totals) in [("5m", window.last5m), ("1h", window.last1h)] {
                table.append([name == "5m" ? label : "", name]
                    + [totals.wait, totals.run].flatMap { histogram in
                        QueueActivity.percentiles.map { Self.format(histogram.percentile($0.p)) }
                    }
                    + [totals.completed, totals.failed, totals.retried].map(String.init))
            }
        }
        return table.render(width: 120)
    }

    /// A percentile to three significant digits (`12.3ms`), or `-` when the window has no sample.
    static func format(_ duration: Duration?) -> String {
        guard let duration else { return "-" }
        let nanoseconds = Double(duration.nanoseconds)
        guard nanoseconds >= 1 else { return "0s" }
        let scale = max(1, pow(10, (log10(nanoseconds).rounded(.down) - 2)))
        return GoDuration.format(.nanoseconds(Int64((nanoseconds / scale).rounded() * scale)))
    }
}
