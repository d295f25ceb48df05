import AsyncJobs
import Foundation

/// Each operation runs its ``StoreSession`` SQL in the writer's group-committed transaction (writes) or
/// in a snapshot on the reader connection (reads).
extension SQLiteStore {
    // MARK: Queues

    public func createQueue(_ queue: Queue) async throws {
        try await write { try $0.createQueue(queue) }
    }

    public func queue(named name: String) async throws -> Queue {
        try await read { try $0.loadQueue(name).queue }
    }

    public func queues() async throws -> [Queue] {
        try await read { try $0.queues() }
    }

    @discardableResult
    public func updateQueue(_ name: String, _ changes: QueueChanges) async throws -> Queue {
        try await write { try $0.updateQueue(name, changes) }
    }

    public func removeQueue(_ name: String) async throws {
        try await write { try $0.removeQueue(name) }
    }

    @discardableResult
    public func purgeQueue(_ name: String) async throws -> Int {
        try await write { try $0.purgeQueue(name) }
    }

    // MARK: Tasks

    public func enqueue(_ tasks: [JobTask]) async throws {
        try await write { try $0.enqueue(tasks) }
    }

    public func task(id: String) async throws -> JobTask {
        try await read { try $0.loadTask(id).task }
    }

    public func tasks(_ filter: TaskFilter) async throws -> [JobTask] {
        try await read { try $0.tasks(filter) }
    }

    public func countTasks(_ filter: TaskFilter) async throws -> Int {
        try await read { try $0.countTasks(filter) }
    }

    public func attempts(taskID: String) async throws -> [Attempt] {
        try await read { try $0.attempts(taskID: taskID) }
    }

    public func deleteTask(id: String) async throws {
        try await write { try $0.deleteTask(id: id) }
    }

    @discardableResult
    public func purgeTasks(queue: String?, states: Set<TaskState>) async throws -> Int {
        try await write { try $0.purgeTasks(queue: queue, states: states) }
    }

    // MARK: Work

    public func claim(queue: String, upTo: Int, worker: String) async throws -> [Claim] {
        try await write { try $0.claim(queue: queue, upTo: upTo, worker: worker) }
    }

    @discardableResult
    public func resolve(_ claim: Claim, _ resolution: Resolution) async throws -> ResolutionReceipt {
        try await write { try $0.resolve(claim, resolution) }
    }

    public func extend(_ claim: Claim, until: Timestamp) async throws -> Bool {
        try await write { try $0.extend(claim, until: until) }
    }

    public func terminateRequests(worker: String) async throws -> [String] {
        try await read { try $0.terminateRequests(worker: worker) }
    }

    public func nextWakeup(queue: String) async throws -> Timestamp? {
        try await read { try $0.nextWakeup(queue: queue) }
    }

    // MARK: Operator actions

    @discardableResult
    public func retry(taskID: String) async throws -> JobTask {
        try await write { try $0.retry(taskID: taskID) }
    }

    @discardableResult
    public func terminate(taskID: String) async throws -> JobTask {
        try await write { try $0.terminate(taskID: taskID) }
    }

    // MARK: Admin reads

    public func summaries() async throws -> [QueueSummary] {
        try await read { try $0.summaries() }
    }

    public func summary(queue: String) async throws -> QueueSummary {
        try await read { try $0.summary(queue: queue) }
    }

    public func upcomingRetries(queue: String, until: Timestamp) async throws -> [Timestamp] {
        try await read { try $0.upcomingRetries(queue: queue, until: until) }
    }

    public func completionCounts(queue: String, buckets: Int, bucket: Duration) async throws -> [Int] {
        try await read { try $0.completionCounts(queue: queue, buckets: buckets, bucket: bucket) }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [TaskEvent] {
        try await read { try $0.events(after: sequence, limit: limit) }
    }

    public func latestEventSequence() async throws -> Int64 {
        try await read { try $0.latestEventSequence() }
    }

    public func info() async throws -> StoreInfo {
        let totals = try await read { try $0.totals() }
        let size = [path, path + "-wal"].compactMap { file in
            (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value
        }.reduce(0, +)
        return StoreInfo(kind: "sqlite", location: path, sizeBytes: size, counts: totals.counts, queues: totals.queues)
    }
}
