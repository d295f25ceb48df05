/// The ``MinuteStats`` rows a store is adding to, keyed by queue, type and minute, with the rules of what
/// counts where, so that every store counts the same thing.
///
/// The memory store keeps its whole history in one; the SQLite store fills one per transaction and
/// upserts its rows before committing; the JetStream store fills one between flushes of its deltas.
public struct MinuteStatsLedger: Sendable, Hashable {
    /// A row's identity.
    public struct Key: Sendable, Hashable {
        /// The queue.
        public var queue: String
        /// The task type.
        public var type: String
        /// The start of the UTC minute.
        public var minute: Timestamp

        /// Creates a key.
        public init(queue: String, type: String, minute: Timestamp) {
            self.queue = queue
            self.type = type
            self.minute = minute
        }
    }

    /// The rows, by key; none is empty.
    public private(set) var rows: [Key: MinuteStats] = [:]

    /// An empty ledger.
    public init() {}

    /// Whether it holds no row.
    public var isEmpty: Bool { rows.isEmpty }

    /// Records the start of an attempt at `started` of a task that became runnable at `ready`: its wait.
    public mutating func attemptStarted(queue: String, type: String, ready: Timestamp, at started: Timestamp) {
        update(queue: queue, type: type, at: started) { $0.wait.record(started - ready) }
    }

    /// Records the end at `ended` of an attempt that started at `started`: its run time, and a retry when
    /// the task it failed now waits to run again (state `retry`).
    public mutating func attemptEnded(queue: String, type: String, started: Timestamp, at ended: Timestamp,
                                      taskState: TaskState) {
        update(queue: queue, type: type, at: ended) { row in
            row.run.record(ended - started)
            if taskState == .retry { row.retried += 1 }
        }
    }

    /// Records a task's change to `state` at `at`: `complete` counts as completed, `expired` and
    /// `terminated` as failed (as ``FinishedCounts`` does), any other state not at all. Stores call it
    /// wherever they record a state-change event.
    public mutating func taskChanged(queue: String, type: String, to state: TaskState, at: Timestamp) {
        switch state {
        case .complete: update(queue: queue, type: type, at: at) { $0.completed += 1 }
        case .expired, .terminated: update(queue: queue, type: type, at: at) { $0.failed += 1 }
        default: break
        }
    }

    /// Adds a row's figures (to the row of the same key).
    public mutating func add(_ row: MinuteStats) {
        guard !row.isEmpty else { return }
        let key = Key(queue: row.queue, type: row.type, minute: row.minute)
        rows[key, default: MinuteStats(queue: row.queue, type: row.type, minute: row.minute)].merge(row)
    }

    /// The rows of `queue` (every queue when nil) whose minute starts in [from, to), ordered by minute,
    /// then queue, then type: the answer to ``InspectorStore/minuteStats(queue:from:to:)``.
    public func rows(queue: String?, from: Timestamp, to: Timestamp) -> [MinuteStats] {
        rows.values.filter { (queue == nil || $0.queue == queue) && $0.minute >= from && $0.minute < to }
            .sorted(by: MinuteStats.storeOrder)
    }

    /// Drops the rows of minutes that started before `cutoff`; returns how many.
    @discardableResult
    public mutating func prune(before cutoff: Timestamp) -> Int {
        let doomed = rows.keys.filter { $0.minute < cutoff }
        for key in doomed { rows[key] = nil }
        return doomed.count
    }

    /// Drops every row of `queue` (the queue was removed).
    public mutating func removeQueue(_ queue: String) {
        rows = rows.filter { $0.key.queue != queue }
    }

    /// Hands over every row and empties the ledger: what a store writes at the end of a transaction or
    /// flush.
    public mutating func drain() -> [MinuteStats] {
        defer { rows = [:] }
        return rows.values.sorted(by: MinuteStats.storeOrder)
    }

    private mutating func update(queue: String, type: String, at time: Timestamp, _ change: (inout MinuteStats) -> Void) {
        let minute = MinuteStats.minute(containing: time)
        change(&rows[Key(queue: queue, type: type, minute: minute),
                     default: MinuteStats(queue: queue, type: type, minute: minute)])
    }
}

extension MinuteStats {
    /// The order of ``InspectorStore/minuteStats(queue:from:to:)``'s rows: by minute, then queue, then
    /// type.
    public static func storeOrder(_ lhs: MinuteStats, _ rhs: MinuteStats) -> Bool {
        (lhs.minute, lhs.queue, lhs.type) < (rhs.minute, rhs.queue, rhs.type)
    }
}
