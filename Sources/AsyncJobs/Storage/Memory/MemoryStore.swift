import Synchronization

/// The reference ``JobStore``: everything in one process's memory, nothing persisted.
///
/// It defines the semantics the conformance suite checks, is what engine tests run on (with a manual clock
/// so time only moves when a test moves it), and serves embedded uses that need no durability.
public final class MemoryStore: JobStore, ScheduleStore {
    /// A waiting or leased task's place in its queue: JetStream's work-queue message.
    struct Item {
        var queue: String
        /// When it becomes claimable (now for new work, later for scheduled retries).
        var available: Timestamp
        /// When it first entered the queue (MaxAge counts from here).
        var enqueued: Timestamp
        /// When the task last became runnable, which its next attempt's wait counts from: usually
        /// `available`, except after a rescue, which keeps the old `available` for the queue's order.
        var ready: Timestamp
        var leaseOwner: String?
        var leaseAttempt = 0
        var leaseExpires: Timestamp?
        var terminateRequested = false

        init(queue: String, available: Timestamp, enqueued: Timestamp) {
            self.queue = queue
            self.available = available
            self.enqueued = enqueued
            self.ready = available
        }

        var isLeased: Bool { leaseOwner != nil }
    }

    struct State {
        var queues: [String: Queue] = [:]
        var tasks: [String: JobTask] = [:]
        var items: [String: Item] = [:]
        var attempts: [String: [Attempt]] = [:]
        var events: [TaskEvent] = []
        var lastSequence: Int64 = 0
        var version: Int64 = 0
        var schedules: [String: ScheduledTask] = [:]
        var elections: [String: Leadership] = [:]
        /// The per-minute history, pruned by `pruneFinished`.
        var stats = MinuteStatsLedger()

        /// The tasks passing `filter` (paging aside), newest first: what every listing read starts from.
        func matching(_ filter: TaskFilter) -> [JobTask] {
            tasks.values.filter(filter.matches).sorted { ($0.created, $0.id) > ($1.created, $1.id) }
        }
    }

    /// Events kept for `events(after:)` and sparklines; older ones are dropped.
    static let eventCapacity = 100_000

    let clock: any JobClock
    let state = Mutex(State())
    /// `awaitChange` callers, woken by every write that changes the version.
    let changeWaiters = CancellableWaiters<Void>()

    /// Creates an empty store reading time from `clock`.
    public init(clock: any JobClock = SystemClock()) {
        self.clock = clock
    }

    /// Runs `body` on the state under the lock; when it changed anything, bumps the version and wakes
    /// every `awaitChange` waiter.
    func mutate<T>(_ body: (inout State, Timestamp) throws(JobError) -> T) throws(JobError) -> T {
        let now = clock.now()
        let (result, changed) = try state.withLock { (state: inout State) throws(JobError) -> (T, Bool) in
            let before = state.version
            let result = try body(&state, now)
            return (result, state.version != before)
        }
        if changed { changeWaiters.resume() }
        return result
    }

    func read<T, Failure: Error>(_ body: (State, Timestamp) throws(Failure) -> T) throws(Failure) -> T {
        let now = clock.now()
        return try state.withLock { (state: inout State) throws(Failure) -> T in try body(state, now) }
    }

    // MARK: Queues

    public func createQueue(_ queue: Queue) async throws {
        try queue.validate()
        try mutate { state, _ throws(JobError) in
            guard state.queues[queue.name] == nil else { throw .queueExists(queue.name) }
            state.queues[queue.name] = queue
            state.version += 1
        }
    }

    public func queue(named name: String) async throws -> Queue {
        try read { state, _ throws(JobError) in try state.queue(name) }
    }

    public func queues() async throws -> [Queue] {
        read { state, _ in state.queues.values.sorted { $0.name < $1.name } }
    }

    @discardableResult
    public func updateQueue(_ name: String, _ changes: QueueChanges) async throws -> Queue {
        try mutate { state, _ throws(JobError) in
            let updated = try changes.applied(to: try state.queue(name))
            state.queues[name] = updated
            state.version += 1
            return updated
        }
    }

    public func removeQueue(_ name: String) async throws {
        try mutate { state, now throws(JobError) in
            _ = try state.queue(name)
            state.queues[name] = nil
            for id in state.tasks.values.filter({ $0.queue == name }).map(\.id) { state.forget(id, at: now) }
            state.stats.removeQueue(name)
            state.version += 1
        }
    }

    @discardableResult
    public func purgeQueue(_ name: String) async throws -> Int {
        try mutate { state, now throws(JobError) in
            _ = try state.queue(name)
            let doomed = state.items.filter { $0.value.queue == name && !$0.value.isLeased }.map(\.key)
            for id in doomed { state.forget(id, at: now) }
            if !doomed.isEmpty { state.version += 1 }
            return doomed.count
        }
    }

    // MARK: Tasks

    public func enqueue(_ tasks: [JobTask]) async throws {
        for task in tasks { try task.validate() }
        try mutate { state, now throws(JobError) in try state.enqueue(tasks, at: now) }
    }

    public func task(id: String) async throws -> JobTask {
        try read { state, _ throws(JobError) in
            guard let task = state.tasks[id] else { throw .taskNotFound(id) }
            return task
        }
    }

    public func tasks(_ filter: TaskFilter) async throws -> [JobTask] {
        read { state, _ in
            Array(state.matching(filter).dropFirst(max(filter.offset, 0)).prefix(max(filter.limit, 0)))
        }
    }

    public func countTasks(_ filter: TaskFilter) async throws -> Int {
        read { state, _ in state.tasks.values.count(where: filter.matches) }
    }

    public func taskDigests(_ filter: TaskFilter) async throws -> [TaskDigest] {
        read { state, _ in state.matching(filter).map(TaskDigest.init) }
    }

    public func attempts(taskID: String) async throws -> [Attempt] {
        try read { state, _ throws(JobError) in
            guard state.tasks[taskID] != nil else { throw .taskNotFound(taskID) }
            return state.attempts[taskID] ?? []
        }
    }

    public func dependents(taskID: String) async throws -> [JobTask] {
        try read { state, _ throws(JobError) in
            guard state.tasks[taskID] != nil else { throw .taskNotFound(taskID) }
            return state.tasks.values.filter { $0.dependencies.contains(taskID) }.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
        }
    }

    public func nextAttempt(taskID: String) async throws -> Timestamp? {
        try read { state, _ throws(JobError) in
            guard state.tasks[taskID] != nil else { throw .taskNotFound(taskID) }
            guard let item = state.items[taskID], !item.isLeased else { return nil }
            return item.available
        }
    }

    public func deleteTask(id: String) async throws {
        try mutate { state, now throws(JobError) in
            guard state.tasks[id] != nil else { throw .taskNotFound(id) }
            state.forget(id, at: now)
            state.version += 1
        }
    }

    @discardableResult
    public func purgeTasks(queue: String?, states: Set<TaskState>) async throws -> Int {
        try mutate { state, now throws(JobError) in
            if let queue { _ = try state.queue(queue) }
            let doomed = state.tasks.values.filter { task in
                states.contains(task.state) && task.state != .active && (queue == nil || task.queue == queue)
                    && !(state.items[task.id]?.isLeased ?? false)
            }.map(\.id)
            for id in doomed { state.forget(id, at: now) }
            if !doomed.isEmpty { state.version += 1 }
            return doomed.count
        }
    }
}

extension MemoryStore.State {
    /// Enqueues tasks all or nothing (see ``MemoryStore/enqueue(_:)``); shared with fires of schedules.
    mutating func enqueue(_ batch: [JobTask], at now: Timestamp) throws(JobError) {
        var seen = Set<String>()
        var perQueue: [String: Int] = [:]
        for task in batch {
            guard tasks[task.id] == nil, seen.insert(task.id).inserted else { throw .taskExists(task.id) }
            for dependency in task.dependencies where tasks[dependency] == nil && !seen.contains(dependency) {
                throw .taskNotFound(dependency)
            }
            if queues[task.queue] == nil {
                guard task.queue == Queue.defaultName else { throw .queueNotFound(task.queue) }
            }
            perQueue[task.queue, default: 0] += 1
        }
        // Check every queue's room before changing anything: all or nothing.
        var discards: [String] = []
        for (name, incoming) in perQueue {
            let queue = queues[name] ?? .defaultQueue
            guard queue.maxEntries > 0 else { continue }
            let waiting = items.filter { $0.value.queue == name && !$0.value.isLeased }
            let overflow = waiting.count + incoming - queue.maxEntries
            guard overflow > 0 else { continue }
            guard queue.discardOld, overflow <= waiting.count else { throw .queueFull(name) }
            discards += waiting.sorted { ($0.value.enqueued, $0.key) < ($1.value.enqueued, $1.key) }
                .prefix(overflow).map(\.key)
        }
        if queues[Queue.defaultName] == nil, perQueue[Queue.defaultName] != nil {
            queues[Queue.defaultName] = .defaultQueue
        }
        for id in discards {
            items[id] = nil
            finish(id, as: .expired, error: AttemptRules.discardOldError, at: now)
        }
        for var task in batch {
            task.tries = 0
            task.tried = nil
            task.result = nil
            (task.state, task.lastError) = task.dependencies.isEmpty ? (.new, nil)
                : DependencyRules.initialState(of: task.dependencies.map { ($0, tasks[$0]) })
            if task.state == .new, task.loadDependencies {
                task.dependencyResults = DependencyRules.results(of: task.dependencies.compactMap { tasks[$0] })
            }
            tasks[task.id] = task
            if task.state == .new { items[task.id] = MemoryStore.Item(queue: task.queue, available: now, enqueued: now) }
            record(task, at: now)
        }
        version += 1
    }

    func queue(_ name: String) throws(JobError) -> Queue {
        guard let queue = queues[name] else { throw .queueNotFound(name) }
        return queue
    }

    /// Removes every trace of a task; tasks blocked on it become unreachable.
    mutating func forget(_ id: String, at now: Timestamp) {
        let state = tasks[id]?.state
        tasks[id] = nil
        items[id] = nil
        attempts[id] = nil
        // A completed task's dependents were settled when it completed.
        if state != .complete { settleDependents(of: id, at: now) }
    }

    /// Whether every dependency of `task` completed (see ``DependencyRules/isSatisfied(_:)``).
    func dependenciesComplete(_ task: JobTask) -> Bool {
        task.dependencies.allSatisfy { DependencyRules.isSatisfied(tasks[$0]?.state) }
    }

    /// Applies ``DependencyRules`` to the tasks blocked on task `id`, which just completed, failed or went
    /// (nothing for any other state): each whose dependencies all completed becomes runnable now, and every
    /// blocked task below a failed or deleted one becomes unreachable, at any depth.
    mutating func settleDependents(of id: String, at now: Timestamp) {
        let parent = tasks[id]
        guard parent == nil || parent!.state == .complete || DependencyRules.failedStates.contains(parent!.state) else { return }
        let blocked = tasks.values.filter { $0.state == .blocked && $0.dependencies.contains(id) }
            .sorted { ($0.created, $0.id) < ($1.created, $1.id) }
        for var child in blocked {
            version += 1
            guard let parent, parent.state == .complete else {
                finish(child.id, as: .unreachable,
                       error: parent.map(DependencyRules.failureError(parent:)) ?? DependencyRules.deletedError(parent: id), at: now)
                continue
            }
            guard dependenciesComplete(child) else { continue }
            child.state = .new
            if child.loadDependencies {
                child.dependencyResults = DependencyRules.results(of: child.dependencies.compactMap { tasks[$0] })
            }
            tasks[child.id] = child
            items[child.id] = MemoryStore.Item(queue: child.queue, available: now, enqueued: now)
            record(child, at: now)
        }
    }

    /// Appends a state-change event for `task`.
    mutating func record(_ task: JobTask, at now: Timestamp) {
        lastSequence += 1
        events.append(TaskEvent(sequence: lastSequence, at: now, taskID: task.id, queue: task.queue, type: task.type,
                                state: task.state, tries: task.tries, error: task.lastError))
        stats.taskChanged(queue: task.queue, type: task.type, to: task.state, at: now)
        if events.count > MemoryStore.eventCapacity { events.removeFirst(events.count - MemoryStore.eventCapacity) }
    }

    /// Moves a task to a final or waiting state with an error, recording the event. The caller has already
    /// dealt with its item.
    mutating func finish(_ id: String, as newState: TaskState, error: String?, at now: Timestamp) {
        guard var task = tasks[id] else { return }
        task.state = newState
        if let error { task.lastError = error }
        tasks[id] = task
        record(task, at: now)
        settleDependents(of: id, at: now)
    }

    /// Ends the running attempt `n` of task `id`, after which the task is in `taskState`.
    mutating func endAttempt(_ id: String, n: Int, outcome: Attempt.Outcome, error: String?, taskState: TaskState,
                             at now: Timestamp) {
        guard let index = attempts[id]?.firstIndex(where: { $0.n == n }), let task = tasks[id] else { return }
        stats.attemptEnded(queue: task.queue, type: task.type, started: attempts[id]![index].started, at: now,
                           taskState: taskState)
        attempts[id]![index].ended = now
        attempts[id]![index].outcome = outcome
        attempts[id]![index].error = error
    }
}
