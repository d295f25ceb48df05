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
        /// The lease, out of line: most items a mirror holds wait, and a nil pointer each costs 8 bytes where
        /// a lease kept inline cost 57 in every run record (the two flags after it pack into the same word).
        private var leaseBox: LeaseBox?
        /// Whether its work item is in the queue stream now. A scheduled retry's item is not (the attempt's
        /// item was acknowledged, so it holds no MaxAckPending slot); it is published when due.
        var published: Bool
        var terminateRequested: Bool

        init(queue: String, available: Timestamp, enqueued: Timestamp, published: Bool, lease: LeaseRecord?,
             terminateRequested: Bool) {
            self.queue = queue
            self.available = available
            self.enqueued = enqueued
            self.leaseBox = lease.map(LeaseBox.init)
            self.published = published
            self.terminateRequested = terminateRequested
        }

        var lease: LeaseRecord? {
            get { leaseBox?.lease }
            set { leaseBox = newValue.map(LeaseBox.init) }
        }

        var isLeased: Bool { leaseBox != nil }

        private enum CodingKeys: String, CodingKey {
            case queue, available, enqueued, leaseBox = "lease", published, terminateRequested
        }
    }

    /// A lease held by reference and compared by value; setting ``Item/lease`` makes a new one, so a copy
    /// of an item never shares a change.
    private final class LeaseBox: Codable, Sendable, Hashable {
        let lease: LeaseRecord

        init(_ lease: LeaseRecord) { self.lease = lease }

        init(from decoder: any Decoder) throws { lease = try LeaseRecord(from: decoder) }

        func encode(to encoder: any Encoder) throws { try lease.encode(to: encoder) }

        static func == (lhs: LeaseBox, rhs: LeaseBox) -> Bool { lhs.lease == rhs.lease }

        func hash(into hasher: inout Hasher) { lease.hash(into: &hasher) }
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

    /// The record of a task whose history nobody wrote (enqueued by a Go program), of `queue` in `state`,
    /// created at `created`: waiting since creation when its state is a waiting one.
    static func implied(queue: String, state: TaskState, created: Timestamp) -> RunRecord {
        let waiting: Set<TaskState> = [.new, .retry, .blocked]
        guard waiting.contains(state) else { return .empty }
        return RunRecord(item: Item(queue: queue, available: created, enqueued: created, published: true,
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
