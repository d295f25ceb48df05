import AsyncJobs

/// The store's in-memory copy of the server's records: every task, run record, queue and event, each with
/// the stream sequence it was read at (the expected sequence of the next compare-and-set write).
///
/// Fed once by an ordered scan of each stream at open, then by the live watch of each stream and by this
/// process's own writes; reads (listings, summaries, counts) are answered from it without a request.
struct Mirror: Sendable {
    struct Stored<Value: Sendable>: Sendable {
        var value: Value
        var sequence: UInt64
    }

    var queues: [String: Stored<Queue>] = [:]
    var tasks: [String: Stored<JobTask>] = [:]
    var runs: [String: Stored<RunRecord>] = [:]
    /// The sequence at which a record was deleted here, so a late watch delivery of an older write does not
    /// bring it back.
    var deletedTasks: [String: UInt64] = [:]
    var deletedRuns: [String: UInt64] = [:]
    var deletedQueues: [String: UInt64] = [:]
    /// Events in sequence order.
    var events: [TaskEvent] = []
    /// Moves on every change this process makes or sees.
    var version: Int64 = 0

    /// The task's run record, or the one implied by its state when nobody wrote one.
    func run(of id: String) -> RunRecord? {
        guard let task = tasks[id]?.value else { return nil }
        return runs[id]?.value ?? .implied(by: task)
    }

    /// The sequence a compare-and-set write of the task's run record must expect (0: none stored).
    func runSequence(_ id: String) -> UInt64 { runs[id]?.sequence ?? 0 }

    // MARK: Applying writes

    mutating func apply(task: JobTask, sequence: UInt64) {
        if let deleted = deletedTasks[task.id], sequence <= deleted { return }
        if let known = tasks[task.id], known.sequence >= sequence { return }
        tasks[task.id] = Stored(value: task, sequence: sequence)
        version += 1
    }

    mutating func apply(run: RunRecord, of id: String, sequence: UInt64) {
        if let deleted = deletedRuns[id], sequence <= deleted { return }
        if let known = runs[id], known.sequence >= sequence { return }
        runs[id] = Stored(value: run, sequence: sequence)
        version += 1
    }

    mutating func apply(queue: Queue, sequence: UInt64) {
        if let deleted = deletedQueues[queue.name], sequence <= deleted { return }
        if let known = queues[queue.name], known.sequence >= sequence, sequence != 0 { return }
        queues[queue.name] = Stored(value: queue, sequence: sequence)
        version += 1
    }

    mutating func apply(event: TaskEvent) {
        if let last = events.last, last.sequence >= event.sequence {
            // A late delivery: insert it in place unless it is already there.
            let index = events.partitioningIndex { $0.sequence >= event.sequence }
            guard index == events.count || events[index].sequence != event.sequence else { return }
            events.insert(event, at: index)
        } else {
            events.append(event)
        }
        version += 1
    }

    mutating func forgetTask(_ id: String, upTo sequence: UInt64) {
        deletedTasks[id] = max(sequence, tasks[id]?.sequence ?? 0)
        deletedRuns[id] = max(sequence, runs[id]?.sequence ?? 0)
        tasks[id] = nil
        runs[id] = nil
        version += 1
    }

    mutating func forgetQueue(_ name: String, upTo sequence: UInt64) {
        deletedQueues[name] = max(sequence, queues[name]?.sequence ?? 0)
        queues[name] = nil
        version += 1
    }

    /// Drops events older than `cutoff`.
    mutating func pruneEvents(before cutoff: Timestamp) {
        let index = events.partitioningIndex { $0.at >= cutoff }
        if index > 0 { events.removeFirst(index) }
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true along the array.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
