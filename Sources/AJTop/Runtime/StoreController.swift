import AsyncJobs
import Synchronization

/// The dashboard's side of the store: runs the store's ``Effect``s (screen reads, and operator actions,
/// which write) and answers with ``Message``s. It runs off the input loop, so a slow or locked store delays
/// data (the header then shows "stale"), never keys.
///
/// Reloads are skipped while the store's change token and the request are unchanged, except that data older
/// than ``maximumReuse`` is read again anyway, because some figures move with time alone (retries coming
/// due, the buckets of finished tasks).
public actor StoreController {
    /// Longest time data is reused on an unchanged token.
    public static let maximumReuse: Duration = .seconds(10)

    let store: any InspectorStore
    let clock: any JobClock
    private var lastToken: ChangeToken?
    private var lastRequest: LoadRequest?
    private var lastRead: Timestamp?
    /// The history pane's queue's per-minute rows, kept between its refreshes.
    private var statsCache: MinuteStatsCache?

    /// Creates a controller over `store`, reading time from `clock`.
    public init(store: any InspectorStore, clock: any JobClock = SystemClock()) {
        self.store = store
        self.clock = clock
    }

    /// Performs `effect`; nil for effects that are not the store's (pools, quit).
    public func execute(_ effect: Effect) async -> Message? {
        switch effect {
        case .load(let request, let force): await load(request, force: force)
        case .perform(let action): await perform(action)
        case .markAll(let filter): await matching(filter)
        case .bulk(let action, let ids): await bulk(action, taskIDs: ids) { _ in }
        case .followTermination(let id, let until): await followTermination(taskID: id, until: until)
        case .pool, .quit: nil
        }
    }

    /// The ids of every task passing `filter`, for marking them all.
    public func matching(_ filter: TaskFilter) async -> Message {
        do {
            return .matched(filter, taskIDs: try await store.taskIDs(filter), error: nil)
        } catch {
            return .matched(filter, taskIDs: [], error: String(describing: error))
        }
    }

    /// Applies `action` to the tasks in batches, handing `progress` a message after each; answers with
    /// how it ended.
    public func bulk(_ action: BulkAction, taskIDs: [String],
                     progress: @Sendable (Message) -> Void) async -> Message {
        let total = taskIDs.count
        let reached = Mutex(BulkOutcome())
        do {
            let outcome = try await BulkOperation(action, taskIDs: taskIDs).run(on: store) { outcome in
                reached.withLock { $0 = outcome }
                progress(.bulkProgress(action, outcome, total: total))
            }
            return .bulkFinished(action, outcome, error: nil)
        } catch {
            return .bulkFinished(action, reached.withLock { $0 }, error: String(describing: error))
        }
    }

    /// Reads what `request` needs, or answers `unchanged` when nothing changed since the last read of it.
    public func load(_ request: LoadRequest, force: Bool) async -> Message {
        let started = clock.now()
        do {
            let token = try await store.changeToken()
            if !force, token == lastToken, request == lastRequest, let lastRead,
               started - lastRead < Self.maximumReuse {
                return .unchanged(request, at: started)
            }
            let data = try await read(request, now: started)
            lastToken = token
            lastRequest = request
            lastRead = started
            return .loaded(request, data, at: started)
        } catch {
            lastToken = nil
            return .loadFailed(request, error: String(describing: error), at: started)
        }
    }

    /// Slots held by delayed retries rather than running handlers, by queue, where the store can tell
    /// (``SlotReporting``: one request per queue, side by side); queues with none are left out. A failed
    /// read counts as none: the figure is an extra beside the summaries, which are the screen's data.
    static func delayedRetries(_ store: any InspectorStore, queues: [String]) async -> [String: Int] {
        guard let slots = store as? any SlotReporting else { return [:] }
        return await withTaskGroup(of: (String, Int).self) { group in
            for queue in queues {
                group.addTask { (queue, (try? await slots.slots(queue: queue))?.delayedRetries ?? 0) }
            }
            return await group.reduce(into: [String: Int]()) { if $1.1 > 0 { $0[$1.0] = $1.1 } }
        }
    }

    func read(_ request: LoadRequest, now: Timestamp) async throws -> ScreenData {
        switch request {
        case .queues(let buckets, let bucket):
            // The reads after the summaries go out together: each await on the store leaves this actor and
            // comes back, and on a busy machine those waits, one after the other, made most of a frame.
            let store = self.store
            async let latestEvents = store.events(after: max(0, try await store.latestEventSequence() - Model.homeEvents),
                                                  limit: Int(Model.homeEvents))
            // Five minutes of every queue's rows: a few per queue and type, small enough to read every refresh.
            // A store that keeps no such history (yet) leaves P95WAIT without figures; the rest of the home
            // screen does not depend on it, so its failure must not blank the screen.
            async let recentRows = try? await store.minuteStats(queue: nil, from: now - LatencyRow.recentSpan, to: now + .seconds(60))
            let summaries = try await store.summaries()
            async let delayed = Self.delayedRetries(store, queues: summaries.map(\.queue.name))
            let finished = try await withThrowingTaskGroup(of: (String, FinishedCounts).self) { group in
                for summary in summaries {
                    let name = summary.queue.name
                    group.addTask { (name, try await store.finishedCounts(queue: name, buckets: buckets, bucket: bucket)) }
                }
                return try await group.reduce(into: [String: FinishedCounts]()) { $0[$1.0] = $1.1 }
            }
            let recent = LatencyRow.minutes(await recentRows ?? [], within: LatencyRow.recentSpan, of: now)
            let waitP95 = MinuteStats.totalsByQueue(recent).compactMapValues { $0.wait.percentile(0.95) }
            return .queues(QueuesData(summaries: summaries, finished: finished, latestEvents: try await latestEvents,
                                      delayedRetries: await delayed, waitP95: waitP95))
        case .queueDetail(let queue, let filter, let window):
            let summary = try await store.summary(queue: queue)
            let tasks = try await store.tasks(filter)
            // Counting a state is free from the summary; only a search or an error group needs the store to count.
            let matching: Int
            if (filter.text == nil || filter.text?.isEmpty == true) && filter.ids == nil {
                matching = filter.states.map { $0.reduce(0) { $0 + summary.count($1) } } ?? summary.total
            } else {
                matching = try await store.countTasks(filter)
            }
            let due = try await store.upcomingRetries(queue: queue, until: now + window)
            return .queueDetail(QueueDetailData(summary: summary, tasks: tasks, offset: filter.offset,
                                                matching: matching, retriesDue: due,
                                                delayedRetries: await Self.delayedRetries(store, queues: [queue])[queue] ?? 0))
        case .queueStats(let queue, let window, let bucket):
            let summary = try await store.summary(queue: queue)
            let empty = HistoryBuckets(endingAt: now, span: window.span, bucket: bucket)
            var cache = statsCache.flatMap { $0.queue == queue ? $0 : nil } ?? MinuteStatsCache(queue: queue, now: now)
            // The latency table's hour may reach further back than a narrow chart.
            let rows = try await cache.rows(from: min(empty.start, now - LatencyRow.hour), now: now) { from, to in
                try await store.minuteStats(queue: queue, from: from, to: to)
            }
            statsCache = cache
            return .queueStats(QueueStatsData(summary: summary, window: window,
                                              history: HistoryBuckets(rows, endingAt: now, span: window.span, bucket: bucket),
                                              latency: LatencyRow.table(rows, now: now)))
        case .errors(let queue):
            let digests = try await store.taskDigests(TaskFilter(queue: queue, states: ErrorGroup.failedStates))
            return .errors(ErrorsData(queue: queue, groups: ErrorGroup.grouping(digests)))
        case .events(let after):
            var start = after ?? 0
            if after == nil { start = max(0, try await store.latestEventSequence() - Model.eventsBacklog) }
            return .events(EventsData(after: start, events: try await store.events(after: start, limit: Model.eventsPerLoad)))
        case .taskDetail(let id):
            let task = try await store.task(id: id)
            let attempts = try await store.attempts(taskID: id)
            let queue = try? await store.queue(named: task.queue)
            let next = try await store.nextAttempt(taskID: id)
            let lease = task.state == .active ? try await store.lease(taskID: id) : nil
            var dependencies: [TaskLink] = []
            for dependency in task.dependencies {
                dependencies.append(TaskLink(id: dependency, state: try? await store.task(id: dependency).state))
            }
            let dependents = try await store.dependents(taskID: id).map { TaskLink(id: $0.id, state: $0.state) }
            return .taskDetail(TaskDetailData(task: task, attempts: attempts, queue: queue, nextAttempt: next, lease: lease,
                                              dependencies: dependencies, dependents: dependents))
        case .schedules:
            guard let schedules = store as? any ScheduleStore else {
                throw JobError.invalidSetting("this store has no scheduled tasks (it is not a ScheduleStore)")
            }
            return .schedules(SchedulesData(schedules: try await schedules.schedules(),
                                            leadership: try await schedules.leadership(election: Scheduler.election)))
        }
    }

    /// Polls the task of an asked termination until it is no longer active or `until` passes, and says
    /// how it stands.
    public func followTermination(taskID: String, until: Timestamp) async -> Message {
        while true {
            do {
                let task = try await store.task(id: taskID)
                let now = clock.now()
                if task.state != .active || now >= until {
                    let lease = task.state == .active ? try await store.lease(taskID: taskID) : nil
                    return .terminationFollowed(taskID: taskID, state: task.state, lease: lease, at: now)
                }
                try await clock.sleep(until: min(until, now + Self.terminationPollInterval))
            } catch {
                return .performed(.terminate(taskID: taskID), error: String(describing: error))
            }
        }
    }

    /// How often an asked termination is looked at.
    static let terminationPollInterval: Duration = .milliseconds(250)

    /// Performs an operator action.
    public func perform(_ action: StoreAction) async -> Message {
        do {
            switch action {
            case .retry(let id): try await store.retry(taskID: id)
            case .terminate(let id):
                // A running task stops only when its worker notices: say so, and follow it (see the Model).
                if try await store.terminate(taskID: id).state == .active {
                    return .terminationAsked(taskID: id, lease: try await store.lease(taskID: id))
                }
            case .setPaused(let queue, let paused): try await store.updateQueue(queue, QueueChanges(paused: paused))
            case .setMaxConcurrent(let queue, let value):
                try await store.updateQueue(queue, QueueChanges(maxConcurrent: value))
            }
            return .performed(action, error: nil)
        } catch {
            return .performed(action, error: String(describing: error))
        }
    }
}
