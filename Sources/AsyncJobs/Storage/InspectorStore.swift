/// What operators and dashboards need from storage: queue administration, reads of tasks and their
/// history, live summaries, the event log, and the operator actions (retry, terminate, delete, purge).
///
/// This is the inspector that `ajtop` and `ajc` share; nothing in it leases work, so a read-only tool can
/// be handed a store as an `any InspectorStore` and never reach the worker path. Every requirement and the
/// checks that cover it are listed in `docs/writing-a-store.md`.
///
/// Time comes from the store's injected ``JobClock``. Errors are ``JobError``s.
public protocol InspectorStore: ChangeTracking {
    // MARK: Queues

    /// Creates a queue; `queueExists` if one has the name.
    func createQueue(_ queue: Queue) async throws
    /// The queue's settings; `queueNotFound` if none.
    func queue(named name: String) async throws -> Queue
    /// Every queue, sorted by name.
    func queues() async throws -> [Queue]
    /// Changes a queue's settings (including pause) live; returns the new settings.
    @discardableResult
    func updateQueue(_ name: String, _ changes: QueueChanges) async throws -> Queue
    /// Removes a queue with all its tasks, items and history.
    func removeQueue(_ name: String) async throws
    /// Deletes the queue's waiting (`new`, `retry`) tasks; returns how many.
    @discardableResult
    func purgeQueue(_ name: String) async throws -> Int

    // MARK: Tasks

    /// The task; `taskNotFound` if none.
    func task(id: String) async throws -> JobTask
    /// Tasks passing `filter`, newest first (by creation time, then id).
    func tasks(_ filter: TaskFilter) async throws -> [JobTask]
    /// The number of tasks passing `filter`, ignoring its paging.
    func countTasks(_ filter: TaskFilter) async throws -> Int
    /// The digests of every task passing `filter`, ignoring its paging, newest first: a read over a whole
    /// queue (the errors view) without its payloads and results.
    func taskDigests(_ filter: TaskFilter) async throws -> [TaskDigest]
    /// Every attempt of the task, oldest first.
    func attempts(taskID: String) async throws -> [Attempt]
    /// The tasks that depend on the task (name it in their ``JobTask/dependencies``), oldest first;
    /// `taskNotFound` if none has the id.
    func dependents(taskID: String) async throws -> [JobTask]
    /// When the waiting task next becomes claimable: now or earlier for ready work, later for a scheduled
    /// retry; nil when it is not waiting (running, or in a final state). `taskNotFound` if none.
    func nextAttempt(taskID: String) async throws -> Timestamp?
    /// Deletes a task with its item and history (an active attempt's later result is then discarded).
    func deleteTask(id: String) async throws
    /// Deletes the tasks in `states` (of one queue, or all queues); active tasks are never purged.
    @discardableResult
    func purgeTasks(queue: String?, states: Set<TaskState>) async throws -> Int

    // MARK: Operator actions

    /// Makes a task in a retryable state runnable now, with tries restarted and a past deadline cleared;
    /// its history is kept. `invalidState` for `new`, `active` or `blocked` tasks.
    ///
    /// With a `queue` other than its own, the task moves there and waits at the back of it (asyncjobs'
    /// `ajc task retry -q`); `queueNotFound` if that queue does not exist. Nil keeps its own queue.
    @discardableResult
    func retry(taskID: String, queue: String?) async throws -> JobTask
    /// Terminates a task: a waiting one at once; an active one by asking its worker (the task ends
    /// `terminated` when the worker notices or its lease runs out). `invalidState` for final tasks.
    @discardableResult
    func terminate(taskID: String) async throws -> JobTask
    /// The ids of every task passing `filter`, ignoring its paging, newest first: what a bulk action over a
    /// selector ("every failed task in emails") works through.
    func taskIDs(_ filter: TaskFilter) async throws -> [String]
    /// Applies `action` to each of `taskIDs` in one transaction, as ``retry(taskID:)``,
    /// ``terminate(taskID:)`` or ``deleteTask(id:)`` would one by one, except that a task that is gone or
    /// not in a state the action applies to is skipped and counted instead of failing the batch.
    /// ``BulkOperation`` cuts long lists into batches.
    @discardableResult
    func apply(_ action: BulkAction, to taskIDs: [String]) async throws -> BulkOutcome

    // MARK: Summaries and events

    /// Every queue with its live figures, sorted by name.
    func summaries() async throws -> [QueueSummary]
    /// One queue with its live figures.
    func summary(queue: String) async throws -> QueueSummary
    /// When the queue's scheduled retries are due, for those due before `until`, soonest first.
    func upcomingRetries(queue: String, until: Timestamp) async throws -> [Timestamp]
    /// The queue's completed and failed (expired, terminated) tasks per `bucket`, for the `buckets` buckets
    /// ending now, oldest first, with how many of those buckets the store's event history covers.
    func finishedCounts(queue: String, buckets: Int, bucket: Duration) async throws -> FinishedCounts
    /// Per-minute history (completed, failed, retried, wait and run times) of `queue`'s tasks (every
    /// queue when nil): one row per queue, task type and UTC minute with any activity, for the minutes
    /// starting in [from, to), ordered by minute, then queue, then type. Kept ``MinuteStats/retention``;
    /// `queueNotFound` for a named queue that does not exist.
    func minuteStats(queue: String?, from: Timestamp, to: Timestamp) async throws -> [MinuteStats]
    /// State-change events after `sequence`, oldest first, at most `limit`.
    func events(after sequence: Int64, limit: Int) async throws -> [TaskEvent]
    /// The sequence number of the newest event (0 when none), so a follower can start from now.
    func latestEventSequence() async throws -> Int64
    /// Location, size and totals.
    func info() async throws -> StoreInfo

    // MARK: Leases

    /// The lease of the task's running attempt, or nil when it is not running; `taskNotFound` if none.
    /// Readers use it to tell a live lease from one whose worker is gone.
    func lease(taskID: String) async throws -> Lease?
}

extension InspectorStore {
    /// Retries the task in its own queue: ``retry(taskID:queue:)`` with no queue.
    @discardableResult
    public func retry(taskID: String) async throws -> JobTask {
        try await retry(taskID: taskID, queue: nil)
    }
}
