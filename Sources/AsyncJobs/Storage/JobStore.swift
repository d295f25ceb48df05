/// Storage for tasks, queues and their work items: the seam between the engine and a backend.
///
/// Modelled on JetStream's primitives (a task record per id, a work item per waiting task, claimed with a
/// lease) so that SQLite emulates them and a JetStream store maps onto them one to one. The engine never
/// sees SQL. Every conforming store passes `AsyncJobsTesting.StoreConformance`.
///
/// Time comes from the store's injected ``JobClock``. Errors are ``JobError``s.
public protocol JobStore: Sendable {
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

    /// Enqueues tasks, all or nothing: every task must be valid, its id unused, its queue existing (the
    /// `DEFAULT` queue is created on first use). Tasks become runnable at once. MaxEntries is enforced:
    /// `queueFull`, or with DiscardOld the oldest waiting tasks expire to make room.
    func enqueue(_ tasks: [JobTask]) async throws
    /// The task; `taskNotFound` if none.
    func task(id: String) async throws -> JobTask
    /// Tasks passing `filter`, newest first (by creation time, then id).
    func tasks(_ filter: TaskFilter) async throws -> [JobTask]
    /// The number of tasks passing `filter`, ignoring its paging.
    func countTasks(_ filter: TaskFilter) async throws -> Int
    /// Every attempt of the task, oldest first.
    func attempts(taskID: String) async throws -> [Attempt]
    /// When the waiting task next becomes claimable: now or earlier for ready work, later for a scheduled
    /// retry; nil when it is not waiting (running, or in a final state). `taskNotFound` if none.
    func nextAttempt(taskID: String) async throws -> Timestamp?
    /// Deletes a task with its item and history (an active attempt's later result is then discarded).
    func deleteTask(id: String) async throws
    /// Deletes the tasks in `states` (of one queue, or all queues); active tasks are never purged.
    @discardableResult
    func purgeTasks(queue: String?, states: Set<TaskState>) async throws -> Int

    // MARK: Work

    /// Leases up to `upTo` ready tasks of `queue` to `worker`, oldest first, within one atomic step that:
    /// first rescues this queue's expired leases (attempt `interrupted`; the task runnable at once, or
    /// `expired` when out of tries, or `terminated` if an operator asked); expires tasks past their
    /// deadline or MaxAge instead of leasing them; then leases at most `max_concurrent - active` (zero when
    /// paused), so MaxConcurrent holds across every process sharing the store. Each lease lasts
    /// ``Claim/leaseDuration(window:queue:)`` unless renewed (``renewLeases(_:window:)``).
    func claim(queue: String, upTo: Int, worker: String, leaseWindow: Duration) async throws -> [Claim]
    /// Ends the claim's attempt with `resolution`, fenced on the lease (see ``ResolutionReceipt``).
    @discardableResult
    func resolve(_ claim: Claim, _ resolution: Resolution) async throws -> ResolutionReceipt
    /// Ends several claims' attempts at once, each exactly as ``resolve(_:_:)`` would; receipts in order.
    /// Stores that can write them in one step should (the default resolves one by one).
    func resolve(_ batch: [ClaimResolution]) async throws -> [ResolutionReceipt]
    /// Ids of tasks leased by `worker` that an operator asked to terminate.
    func terminateRequests(worker: String) async throws -> [String]
    /// The earliest time something in `queue` may become claimable (a retry coming due, a lease running
    /// out), or nil when nothing is pending.
    func nextWakeup(queue: String) async throws -> Timestamp?
    /// Returns when the change token differs from `since` or at `deadline`, whichever comes first; the
    /// current token. Stores wake in-process waiters directly and poll cheaply across processes.
    func awaitChange(since: ChangeToken, deadline: Timestamp) async throws -> ChangeToken

    // MARK: Operator actions

    /// Makes a task in a retryable state runnable now, with tries restarted and a past deadline cleared;
    /// its history is kept. `invalidState` for `new`, `active` or `blocked` tasks.
    @discardableResult
    func retry(taskID: String) async throws -> JobTask
    /// Terminates a task: a waiting one at once; an active one by asking its worker (the task ends
    /// `terminated` when the worker notices or its lease runs out). `invalidState` for final tasks.
    @discardableResult
    func terminate(taskID: String) async throws -> JobTask

    // MARK: Admin reads

    /// Every queue with its live figures, sorted by name.
    func summaries() async throws -> [QueueSummary]
    /// One queue with its live figures.
    func summary(queue: String) async throws -> QueueSummary
    /// When the queue's scheduled retries are due, for those due before `until`, soonest first.
    func upcomingRetries(queue: String, until: Timestamp) async throws -> [Timestamp]
    /// Completions of the queue per `bucket`, for the `buckets` buckets ending now, oldest first.
    func completionCounts(queue: String, buckets: Int, bucket: Duration) async throws -> [Int]
    /// State-change events after `sequence`, oldest first, at most `limit`.
    func events(after sequence: Int64, limit: Int) async throws -> [TaskEvent]
    /// The sequence number of the newest event (0 when none), so a follower can start from now.
    func latestEventSequence() async throws -> Int64
    /// A token that changes whenever anything changes; cheap.
    func changeToken() async throws -> ChangeToken
    /// Location, size and totals.
    func info() async throws -> StoreInfo

    // MARK: Heartbeat leases (worker side)

    /// Renews the leases of `claims` in one step (one transaction in SQLite), each to
    /// ``Claim/renewedExpiry(at:window:)``; per claim, in order, the new expiry, or nil when the lease is
    /// no longer the claim's (rescued, terminated, deleted). A lease past its expiry that nobody rescued
    /// yet is still the claim's: nobody else can have run the task.
    func renewLeases(_ claims: [Claim], window: Duration) async throws -> [Timestamp?]
    /// Rescues every queue's expired leases exactly as a claim rescues its own queue's, without claiming
    /// anything: what lets an operator's terminate of a dead worker's task finish when no worker serves
    /// its queue. Returns how many leases it released; cheap (a read) when none ran out.
    @discardableResult
    func rescueExpiredLeases() async throws -> Int

    // MARK: Lease reads (inspector side)

    /// The lease of the task's running attempt, or nil when it is not running; `taskNotFound` if none.
    /// Readers use it to tell a live lease from one whose worker is gone.
    func lease(taskID: String) async throws -> Lease?
}

extension JobStore {
    /// Claims with the default lease window (``Claim/defaultLeaseWindow``).
    public func claim(queue: String, upTo: Int, worker: String) async throws -> [Claim] {
        try await claim(queue: queue, upTo: upTo, worker: worker, leaseWindow: Claim.defaultLeaseWindow)
    }
}
