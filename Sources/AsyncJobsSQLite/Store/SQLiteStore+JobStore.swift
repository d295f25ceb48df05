import AsyncJobs
import Foundation

/// Each operation runs its ``StoreSession`` SQL in the writer's group-committed transaction (writes) or
/// in a snapshot on the reader connection (reads).
extension SQLiteStore {
    // MARK: Queues

    /// Creates a queue; `queueExists` if the name is taken. One write.
    public func createQueue(_ queue: Queue) async throws {
        try await write { try $0.createQueue(queue) }
    }

    /// The queue's settings, from the reader connection; `queueNotFound` if none.
    public func queue(named name: String) async throws -> Queue {
        try await read { try $0.loadQueue(name).queue }
    }

    /// Every queue, sorted by name.
    public func queues() async throws -> [Queue] {
        try await read { try $0.queues() }
    }

    /// Changes the queue's settings; every process's next claim reads them.
    @discardableResult
    public func updateQueue(_ name: String, _ changes: QueueChanges) async throws -> Queue {
        try await write { try $0.updateQueue(name, changes) }
    }

    /// Removes the queue with its tasks, history and counts, in one transaction.
    public func removeQueue(_ name: String) async throws {
        try await write { try $0.removeQueue(name) }
    }

    /// Deletes the queue's waiting tasks with their history; returns how many.
    @discardableResult
    public func purgeQueue(_ name: String) async throws -> Int {
        try await write { try $0.purgeQueue(name) }
    }

    // MARK: Tasks

    /// Enqueues the tasks in one transaction, all or nothing (see ``AsyncJobs/WorkerStore/enqueue(_:)``).
    public func enqueue(_ tasks: [JobTask]) async throws {
        try await write { try $0.enqueue(tasks) }
    }

    /// The task; `taskNotFound` if none.
    public func task(id: String) async throws -> JobTask {
        try await read { try $0.loadTask(id).task }
    }

    /// A page of tasks passing the filter, newest first, read in index order.
    public func tasks(_ filter: TaskFilter) async throws -> [JobTask] {
        try await read { try $0.tasks(filter) }
    }

    /// The number of tasks passing the filter; from the maintained counts when possible.
    public func countTasks(_ filter: TaskFilter) async throws -> Int {
        try await read { try $0.countTasks(filter) }
    }

    /// The digests of every task passing the filter, newest first, paging ignored.
    public func taskDigests(_ filter: TaskFilter) async throws -> [TaskDigest] {
        try await read { try $0.taskDigests(filter) }
    }

    /// The task's attempts, oldest first.
    public func attempts(taskID: String) async throws -> [Attempt] {
        try await read { try $0.attempts(taskID: taskID) }
    }

    /// The tasks that depend on the task, oldest first, from the dependencies index.
    public func dependents(taskID: String) async throws -> [JobTask] {
        try await read { try $0.dependents(taskID: taskID) }
    }

    /// When the waiting task is next claimable; nil while it runs or once it is final.
    public func nextAttempt(taskID: String) async throws -> Timestamp? {
        try await read { try $0.nextAttempt(taskID: taskID) }
    }

    /// Deletes the task with its item and history, releasing its lease if it held one.
    public func deleteTask(id: String) async throws {
        try await write { try $0.deleteTask(id: id) }
    }

    /// Deletes the tasks in the given states (never active ones); returns how many.
    @discardableResult
    public func purgeTasks(queue: String?, states: Set<TaskState>) async throws -> Int {
        try await write { try $0.purgeTasks(queue: queue, states: states) }
    }

    // MARK: Work

    /// Rescues the queue's expired leases, expires overdue work and leases ready tasks, all in one
    /// `BEGIN IMMEDIATE` transaction so MaxConcurrent holds across processes.
    public func claim(queue: String, upTo: Int, worker: String, leaseWindow: Duration) async throws -> [Claim] {
        try await write { try $0.claim(queue: queue, upTo: upTo, worker: worker, leaseWindow: leaseWindow) }
    }

    /// Ends the claim's attempt, fenced on its lease; concurrent resolutions share one commit.
    @discardableResult
    public func resolve(_ claim: Claim, _ resolution: Resolution, discarding: DiscardStates) async throws -> ResolutionReceipt {
        try await write { try $0.resolve(claim, resolution, discarding: discarding) }
    }

    /// Resolves the whole batch in one write of the writer's transaction.
    public func resolve(_ batch: [ClaimResolution]) async throws -> [ResolutionReceipt] {
        try await write { session in try batch.map { try session.resolve($0.claim, $0.resolution, discarding: $0.discarding) } }
    }

    /// Runs the maintenance pass the store also runs in the background (every 10 s, sooner while it
    /// finds work): final tasks past their queue's retention, and events past the event window.
    @discardableResult
    public func pruneFinished(limit: Int) async throws -> Int {
        try await write { try $0.maintain(limit: limit).tasks }
    }


    /// Ids of the worker's leased tasks an operator asked to terminate.
    public func terminateRequests(worker: String) async throws -> [String] {
        try await read { try $0.terminateRequests(worker: worker) }
    }

    /// The next lease end or retry due time in the queue, if any.
    public func nextWakeup(queue: String) async throws -> Timestamp? {
        try await read { try $0.nextWakeup(queue: queue) }
    }

    // MARK: Operator actions

    /// The ids of every task passing the filter, newest first, paging ignored.
    public func taskIDs(_ filter: TaskFilter) async throws -> [String] {
        try await read { try $0.taskIDs(filter) }
    }

    /// Applies a bulk action to the tasks in one write transaction; see ``InspectorStore/apply(_:to:)``.
    @discardableResult
    public func apply(_ action: BulkAction, to taskIDs: [String]) async throws -> BulkOutcome {
        try await write { try $0.apply(action, to: taskIDs) }
    }

    /// Makes a retryable task runnable now (tries restart, past deadline cleared), in `queue` if given.
    @discardableResult
    public func retry(taskID: String, queue: String?) async throws -> JobTask {
        try await write { try $0.retry(taskID: taskID, queue: queue) }
    }

    /// Terminates a waiting task at once, or flags an active one for its worker.
    @discardableResult
    public func terminate(taskID: String) async throws -> JobTask {
        try await write { try $0.terminate(taskID: taskID) }
    }

    // MARK: Admin reads

    /// Every queue with its live figures, from one read snapshot.
    public func summaries() async throws -> [QueueSummary] {
        try await read { try $0.summaries() }
    }

    /// One queue's live figures: maintained counts plus two small index reads.
    public func summary(queue: String) async throws -> QueueSummary {
        try await read { try $0.summary(queue: queue) }
    }

    /// Due times of the queue's scheduled retries up to `until`, soonest first.
    public func upcomingRetries(queue: String, until: Timestamp) async throws -> [Timestamp] {
        try await read { try $0.upcomingRetries(queue: queue, until: until) }
    }

    /// Completed and failed tasks per bucket from the event log, oldest bucket first.
    public func finishedCounts(queue: String, buckets: Int, bucket: Duration) async throws -> FinishedCounts {
        try await read { try $0.finishedCounts(queue: queue, buckets: buckets, bucket: bucket) }
    }

    /// The per-minute history from `minute_stats`, by minute, queue and type.
    public func minuteStats(queue: String?, from: Timestamp, to: Timestamp) async throws -> [MinuteStats] {
        try await read { try $0.minuteStats(queue: queue, from: from, to: to) }
    }

    /// Events after `sequence` in commit order.
    public func events(after sequence: Int64, limit: Int) async throws -> [TaskEvent] {
        try await read { try $0.events(after: sequence, limit: limit) }
    }

    /// The newest event's sequence (0 when none).
    public func latestEventSequence() async throws -> Int64 {
        try await read { try $0.latestEventSequence() }
    }

    // MARK: Heartbeat leases

    /// Renews the leases in one write of the group-committed transaction.
    public func renewLeases(_ claims: [Claim], window: Duration) async throws -> [Timestamp?] {
        guard !claims.isEmpty else { return [] }
        return try await write { try $0.renewLeases(claims, window: window) }
    }

    /// Rescues expired leases of every queue; reads first, and writes only when a lease ran out.
    @discardableResult
    public func rescueExpiredLeases() async throws -> Int {
        guard try await read({ try $0.hasExpiredLeases() }) else { return 0 }
        return try await write { try $0.rescueExpiredLeases() }
    }

    /// The task's lease, from the reader connection.
    public func lease(taskID: String) async throws -> Lease? {
        try await read { try $0.lease(taskID: taskID) }
    }

    /// The file, its size on disk (database plus WAL) and totals.
    public func info() async throws -> StoreInfo {
        let totals = try await read { try $0.totals() }
        let size = [path, path + "-wal"].compactMap { file in
            (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value
        }.reduce(0, +)
        return StoreInfo(kind: "sqlite", location: path, sizeBytes: size, counts: totals.counts, queues: totals.queues,
                         notes: openingNotes)
    }
}

/// Schedules and elections: each one statement or a short write on the writer.
extension SQLiteStore: ScheduleStore {
    /// Stores a new schedule; `scheduleExists` if the name is taken.
    public func createSchedule(_ schedule: ScheduledTask) async throws {
        try await write { try $0.createSchedule(schedule) }
    }

    /// The schedule with what was fired; `scheduleNotFound` if none.
    public func schedule(named name: String) async throws -> ScheduledTask {
        try await read { try $0.loadSchedule(name) }
    }

    /// Every schedule, by name.
    public func schedules() async throws -> [ScheduledTask] {
        try await read { try $0.schedules() }
    }

    /// Removes the schedule; `scheduleNotFound` if none.
    public func removeSchedule(named name: String) async throws {
        try await write { try $0.removeSchedule(name) }
    }

    /// Takes or renews the election's lease row under the write lock.
    public func campaign(election: String, candidate: String, ttl: Duration) async throws -> Leadership {
        try await write { try $0.campaign(election: election, candidate: candidate, ttl: ttl) }
    }

    /// Ends the candidate's lease now, if it holds it.
    public func resign(election: String, candidate: String) async throws {
        try await write { try $0.resign(election: election, candidate: candidate) }
    }

    /// The election's lease row, from the reader.
    public func leadership(election: String) async throws -> Leadership? {
        try await read { try $0.leadership(election: election) }
    }

    /// Checks the leadership and the slot and enqueues the fire's task in one write transaction.
    public func recordFire(schedule: String, slot: Timestamp, task: JobTask?, skipped: Int,
                           leadership: Leadership) async throws -> FireReceipt {
        try await write { try $0.recordFire(schedule: schedule, slot: slot, task: task, skipped: skipped, leadership: leadership) }
    }
}
