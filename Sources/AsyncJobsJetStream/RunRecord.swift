import AsyncJobs
import Foundation

/// The store's own record of one task (`AJTOP.R.<id>` in `AJTOP_RUNS`): what the engine needs beyond
/// asyncjobs' task JSON. A Go program never reads it; a task without one (enqueued by Go) reads as waiting
/// since its creation with no history.
struct RunRecord: Codable, Sendable, Hashable {
    /// The task's place in a queue while it waits or runs; nil once it is final.
    var item: Item?
    /// Every attempt, oldest first; the running one last.
    var attempts: [Attempt]

    /// A waiting or leased task's place: the JetStream work item and what the store knows about it.
    struct Item: Codable, Sendable, Hashable {
        var queue: String
        /// When it becomes claimable (now for new work, the retry time for a scheduled retry).
        var available: Timestamp
        /// When it entered the queue (MaxAge counts from here).
        var enqueued: Timestamp
        /// Whether its work item is in the queue stream now. A scheduled retry's item is not (the attempt's
        /// item was acknowledged, so it holds no MaxAckPending slot); it is published when due.
        var published: Bool
        var lease: LeaseRecord?
        var terminateRequested: Bool

        var isLeased: Bool { lease != nil }
    }

    /// A running attempt's lease.
    struct LeaseRecord: Codable, Sendable, Hashable {
        var worker: String
        var attempt: Int
        var started: Timestamp
        var expires: Timestamp
        /// The held work item's ack subject: any process may acknowledge, NAK or extend it.
        var ackSubject: String
    }

    static let empty = RunRecord(item: nil, attempts: [])

    /// The record of a task whose history nobody wrote (enqueued by a Go program): waiting since creation
    /// when its state is a waiting one.
    static func implied(by task: JobTask) -> RunRecord {
        let waiting: Set<TaskState> = [.new, .retry, .blocked]
        guard waiting.contains(task.state) else { return .empty }
        return RunRecord(item: Item(queue: task.queue, available: task.created, enqueued: task.created, published: true,
                                    lease: nil, terminateRequested: false), attempts: [])
    }

    /// Ends attempt `n`.
    mutating func endAttempt(_ n: Int, outcome: Attempt.Outcome, error: String?, at now: Timestamp) {
        guard let index = attempts.firstIndex(where: { $0.n == n }) else { return }
        attempts[index].ended = now
        attempts[index].outcome = outcome
        attempts[index].error = error
    }

    /// The record's JSON, as `JSONEncoder` writes this type's `Codable` form (the same keys, nil fields
    /// left out, times in RFC 3339), written directly: every lease and every end of an attempt writes one,
    /// and Foundation's encoder was the largest single cost of a write in profiles.
    var encoded: [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        if let item {
            writer.key("item")
            writer.beginObject()
            writer.key("queue"); writer.string(item.queue)
            writer.key("available"); writer.string(item.available.rfc3339)
            writer.key("enqueued"); writer.string(item.enqueued.rfc3339)
            writer.key("published"); writer.bool(item.published)
            if let lease = item.lease {
                writer.key("lease")
                writer.beginObject()
                writer.key("worker"); writer.string(lease.worker)
                writer.key("attempt"); writer.integer(lease.attempt)
                writer.key("started"); writer.string(lease.started.rfc3339)
                writer.key("expires"); writer.string(lease.expires.rfc3339)
                writer.key("ackSubject"); writer.string(lease.ackSubject)
                writer.endObject()
            }
            writer.key("terminateRequested"); writer.bool(item.terminateRequested)
            writer.endObject()
        }
        writer.key("attempts")
        writer.beginArray()
        for attempt in attempts { attempt.write(to: &writer, absentAsNull: false) }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }
}
