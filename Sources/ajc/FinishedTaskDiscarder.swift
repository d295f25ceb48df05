import AsyncJobs

/// asyncjobs' `--discard-complete` and `--discard-expired` for `ajc task process`: deletes each task that
/// this worker's own attempt left `complete` (or `expired`), with its history, right after it ends.
///
/// It follows the store's event log rather than hooking the pool, so the task is briefly visible in its
/// final state (as asyncjobs publishes the state event before deleting). Tasks other workers finish, and
/// tasks that expire without an attempt of this worker (a passed deadline, MaxAge), are left alone: like
/// asyncjobs' client, a worker discards only what it ended itself.
struct FinishedTaskDiscarder: Sendable {
    let store: any InspectorStore
    let queue: String
    /// The pool's lease owner name, which its attempts carry.
    let worker: String
    let states: Set<TaskState>
    /// The event log position to start after: taken before the pool starts, so no ending is missed.
    let start: Int64

    /// Deletes matching tasks as their events arrive, until cancelled; then a last pass catches the
    /// tasks that ended just before.
    func run() async throws {
        var cursor = start
        while !Task.isCancelled {
            let seen = try await store.changeToken()
            cursor = try await pass(after: cursor)
            do {
                _ = try await store.awaitChange(since: seen, deadline: Timestamp.now + .seconds(1))
            } catch is CancellationError {
                break
            }
        }
        _ = try await pass(after: cursor)
    }

    /// Handles every event after `cursor`; returns the new cursor.
    func pass(after cursor: Int64) async throws -> Int64 {
        var cursor = cursor
        while true {
            let events = try await store.events(after: cursor, limit: 1000)
            for event in events where event.queue == queue && states.contains(event.state) {
                try await discard(event)
            }
            guard let last = events.last else { return cursor }
            cursor = last.sequence
        }
    }

    private func discard(_ event: TaskEvent) async throws {
        do {
            // Still in the state the event reported (an operator may have retried it since), and ended
            // by this worker's attempt.
            guard try await store.task(id: event.taskID).state == event.state,
                  try await store.attempts(taskID: event.taskID).last?.worker == worker else { return }
            try await store.deleteTask(id: event.taskID)
            DebugMode.log("discarded task \(event.taskID) (\(event.state.rawValue))")
        } catch JobError.taskNotFound {
            // Deleted already, by an operator or an earlier event.
        }
    }
}
