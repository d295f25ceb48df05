import AsyncJobs
import Synchronization

/// A store whose `summaries()` can be held back, standing in for a slow or locked store: everything else
/// goes straight to a ``MemoryStore``.
final class GatedStore: JobStore, ScheduleStore {
    let inner: MemoryStore
    private struct Gate {
        var closed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var watchers: [CheckedContinuation<Void, Never>] = []
    }

    private let gate = Mutex(Gate())

    init(_ inner: MemoryStore) { self.inner = inner }

    /// Makes later `summaries()` calls wait until ``open()``.
    func close() { gate.withLock { $0.closed = true } }

    /// Lets every waiting and later call through.
    func open() {
        let waiters = gate.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = false
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// How many calls are held back now.
    var waiting: Int { gate.withLock { $0.waiters.count } }

    /// Returns once some call is held back.
    func held() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let already = gate.withLock { state -> Bool in
                if !state.waiters.isEmpty { return true }
                state.watchers.append(continuation)
                return false
            }
            if already { continuation.resume() }
        }
    }

    func summaries() async throws -> [QueueSummary] {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (passes, watchers) = gate.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                if !state.closed { return (true, []) }
                state.waiters.append(continuation)
                defer { state.watchers = [] }
                return (false, state.watchers)
            }
            for watcher in watchers { watcher.resume() }
            if passes { continuation.resume() }
        }
        return try await inner.summaries()
    }

    func createQueue(_ queue: Queue) async throws { try await inner.createQueue(queue) }
    func queue(named name: String) async throws -> Queue { try await inner.queue(named: name) }
    func queues() async throws -> [Queue] { try await inner.queues() }
    func updateQueue(_ name: String, _ changes: QueueChanges) async throws -> Queue { try await inner.updateQueue(name, changes) }
    func removeQueue(_ name: String) async throws { try await inner.removeQueue(name) }
    func purgeQueue(_ name: String) async throws -> Int { try await inner.purgeQueue(name) }
    func enqueue(_ tasks: [JobTask]) async throws { try await inner.enqueue(tasks) }
    func task(id: String) async throws -> JobTask { try await inner.task(id: id) }
    func tasks(_ filter: TaskFilter) async throws -> [JobTask] { try await inner.tasks(filter) }
    func countTasks(_ filter: TaskFilter) async throws -> Int { try await inner.countTasks(filter) }
    func taskDigests(_ filter: TaskFilter) async throws -> [TaskDigest] { try await inner.taskDigests(filter) }
    func attempts(taskID: String) async throws -> [Attempt] { try await inner.attempts(taskID: taskID) }
    func dependents(taskID: String) async throws -> [JobTask] { try await inner.dependents(taskID: taskID) }
    func nextAttempt(taskID: String) async throws -> Timestamp? { try await inner.nextAttempt(taskID: taskID) }
    func deleteTask(id: String) async throws { try await inner.deleteTask(id: id) }
    func purgeTasks(queue: String?, states: Set<TaskState>) async throws -> Int { try await inner.purgeTasks(queue: queue, states: states) }
    func claim(queue: String, upTo: Int, worker: String, leaseWindow: Duration) async throws -> [Claim] {
        try await inner.claim(queue: queue, upTo: upTo, worker: worker, leaseWindow: leaseWindow)
    }
    func resolve(_ claim: Claim, _ resolution: Resolution, discarding: DiscardStates) async throws -> ResolutionReceipt {
        try await inner.resolve(claim, resolution, discarding: discarding)
    }
    func pruneFinished(limit: Int) async throws -> Int { try await inner.pruneFinished(limit: limit) }
    func terminateRequests(worker: String) async throws -> [String] { try await inner.terminateRequests(worker: worker) }
    func nextWakeup(queue: String) async throws -> Timestamp? { try await inner.nextWakeup(queue: queue) }
    func awaitChange(since: ChangeToken, deadline: Timestamp) async throws -> ChangeToken { try await inner.awaitChange(since: since, deadline: deadline) }
    func retry(taskID: String, queue: String?) async throws -> JobTask { try await inner.retry(taskID: taskID, queue: queue) }
    func terminate(taskID: String) async throws -> JobTask { try await inner.terminate(taskID: taskID) }
    func taskIDs(_ filter: TaskFilter) async throws -> [String] { try await inner.taskIDs(filter) }
    func apply(_ action: BulkAction, to taskIDs: [String]) async throws -> BulkOutcome { try await inner.apply(action, to: taskIDs) }
    func summary(queue: String) async throws -> QueueSummary { try await inner.summary(queue: queue) }
    func upcomingRetries(queue: String, until: Timestamp) async throws -> [Timestamp] { try await inner.upcomingRetries(queue: queue, until: until) }
    func finishedCounts(queue: String, buckets: Int, bucket: Duration) async throws -> FinishedCounts { try await inner.finishedCounts(queue: queue, buckets: buckets, bucket: bucket) }
    func minuteStats(queue: String?, from: Timestamp, to: Timestamp) async throws -> [MinuteStats] { try await inner.minuteStats(queue: queue, from: from, to: to) }
    func events(after sequence: Int64, limit: Int) async throws -> [TaskEvent] { try await inner.events(after: sequence, limit: limit) }
    func latestEventSequence() async throws -> Int64 { try await inner.latestEventSequence() }
    func changeToken() async throws -> ChangeToken { try await inner.changeToken() }
    func info() async throws -> StoreInfo { try await inner.info() }
    func renewLeases(_ claims: [Claim], window: Duration) async throws -> [Timestamp?] { try await inner.renewLeases(claims, window: window) }
    func rescueExpiredLeases() async throws -> Int { try await inner.rescueExpiredLeases() }
    func lease(taskID: String) async throws -> Lease? { try await inner.lease(taskID: taskID) }
    func createSchedule(_ schedule: ScheduledTask) async throws { try await inner.createSchedule(schedule) }
    func schedule(named name: String) async throws -> ScheduledTask { try await inner.schedule(named: name) }
    func schedules() async throws -> [ScheduledTask] { try await inner.schedules() }
    func removeSchedule(named name: String) async throws { try await inner.removeSchedule(named: name) }
    func campaign(election: String, candidate: String, ttl: Duration) async throws -> Leadership {
        try await inner.campaign(election: election, candidate: candidate, ttl: ttl)
    }
    func resign(election: String, candidate: String) async throws { try await inner.resign(election: election, candidate: candidate) }
    func leadership(election: String) async throws -> Leadership? { try await inner.leadership(election: election) }
    func recordFire(schedule: String, slot: Timestamp, task: JobTask?, skipped: Int, leadership: Leadership) async throws -> FireReceipt {
        try await inner.recordFire(schedule: schedule, slot: slot, task: task, skipped: skipped, leadership: leadership)
    }
}
