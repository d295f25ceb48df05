import AsyncJobs
import Foundation

extension StoreSession {
    /// Applies `action` to each task inside this one transaction, skipping (and counting) tasks that are
    /// gone or not in a state for it. Retry, the action operators run over whole queues, is one set-based
    /// update per batch; terminate and delete go through the single-task paths, which check before they
    /// write, so a skipped task leaves nothing half done.
    func apply(_ action: BulkAction, to taskIDs: [String]) throws -> BulkOutcome {
        if action == .retry { return try retryAll(taskIDs) }
        var outcome = BulkOutcome()
        for id in taskIDs {
            do {
                switch action {
                case .retry: _ = try retry(taskID: id, queue: nil)
                case .terminate:
                    if try terminate(taskID: id).state != .terminated { outcome.asked += 1 }
                case .delete: try deleteTask(id: id)
                }
                outcome.applied += 1
            } catch let error as JobError where error.skipsBulkTask {
                outcome.skipped += 1
            }
        }
        return outcome
    }

    /// ``retry(taskID:queue:)`` (own queue) for every retryable task of `taskIDs` in one UPDATE, with the same columns set,
    /// the counters moved per (queue, state) and one event per task.
    private func retryAll(_ taskIDs: [String]) throws -> BulkOutcome {
        let unique = Array(Set(taskIDs))
        guard !unique.isEmpty else { return BulkOutcome() }
        let retryable = TaskState.allCases.filter(\.isRetryable).map(\.rawValue)
        let chosen = """
            id IN (SELECT value FROM json_each(?1)) AND state IN (\(retryable.map { "'\($0)'" }.joined(separator: ", ")))
            """
        let list = String(decoding: try JSONEncoder().encode(unique), as: UTF8.self)
        for partition in try db.query("SELECT queue, state, count(*) FROM tasks WHERE \(chosen) GROUP BY queue, state",
                                      list, row: { (queue: $0.text(0), state: try TaskColumns.state($0, 1), n: $0.int(2)) }) {
            counters.add(-partition.n, queue: partition.queue, state: partition.state)
            counters.add(partition.n, queue: partition.queue, state: .retry)
        }
        // As in retry(taskID:queue:): a task already waiting in `retry` keeps its place (and MaxAge clock).
        let retried = try db.query("""
            UPDATE tasks SET state = 'retry', tries = 0, result = NULL, completed_ns = NULL,
                deadline_ns = CASE WHEN deadline_ns <= ?2 THEN NULL ELSE deadline_ns END,
                enqueued_ns = CASE WHEN available_ns IS NULL THEN ?2 ELSE enqueued_ns END,
                available_ns = ?2, ready_ns = NULL, terminate_requested = 0
            WHERE \(chosen) RETURNING id, queue, type, last_err
            """, list, now) { (id: $0.text(0), queue: $0.text(1), type: $0.text(2), error: $0.optionalText(3)) }
        // Only the event's columns come back: decoding whole tasks (payloads included) would cost more
        // than the update itself.
        for task in retried {
            try recordEvent(taskID: task.id, queue: task.queue, type: task.type, state: .retry, tries: 0, error: task.error)
        }
        return BulkOutcome(applied: retried.count, skipped: taskIDs.count - retried.count)
    }
}
