import AsyncJobs
import Foundation

/// The body of an `AJTOP_STATS` message: one flush's rows of one queue (the queue is the subject's last
/// token) as a JSON array of `{"type", "minute" (Unix ns), "completed", "failed", "retried", "wait", "run"}`,
/// the histograms as ``LatencyHistogram``'s flat `[index, count, …]` arrays.
enum StatsDeltaCodec {
    private struct Row: Codable {
        var type: String
        var minute: Int64
        var completed: Int
        var failed: Int
        var retried: Int
        var wait: LatencyHistogram
        var run: LatencyHistogram
    }

    /// The body for `rows`, which must all be of one queue.
    static func body(_ rows: [MinuteStats]) throws -> [UInt8] {
        try Array(JSONEncoder().encode(rows.map {
            Row(type: $0.type, minute: $0.minute.nanoseconds, completed: $0.completed, failed: $0.failed,
                retried: $0.retried, wait: $0.wait, run: $0.run)
        }))
    }

    /// The rows of `queue` a body holds; throws when it is not one ``body(_:)`` wrote.
    static func rows(queue: String, body: [UInt8]) throws -> [MinuteStats] {
        try JSONDecoder().decode([Row].self, from: Data(body)).map {
            MinuteStats(queue: queue, type: $0.type, minute: Timestamp(nanoseconds: $0.minute), completed: $0.completed,
                        failed: $0.failed, retried: $0.retried, wait: $0.wait, run: $0.run)
        }
    }
}
