import AsyncJobs

/// The whole state of the dashboard. Only ``update(_:)`` changes it; screens are pure renderings of it.
public struct Model: Sendable {
    /// Settings fixed at start.
    public struct Config: Sendable {
        /// Where the store is, for the header.
        public var storeLabel: String
        /// How often to refresh.
        public var refresh: Duration
        /// Refuse mutating keys.
        public var readOnly: Bool
        /// Seconds east of UTC for clock times, so rendering stays pure (tests use 0).
        public var utcOffsetSeconds: Int
        /// The retry policies of the queues this process's pools serve, by queue: a task's timeline
        /// projects its next attempts with its queue's, or with the default policy for a queue served
        /// elsewhere (another process's policy cannot be read from the store).
        public var retryPolicies: [String: any RetryPolicy]

        /// Creates a configuration.
        public init(storeLabel: String, refresh: Duration = .seconds(1), readOnly: Bool = false,
                    utcOffsetSeconds: Int = 0, retryPolicies: [String: any RetryPolicy] = [:]) {
            self.storeLabel = storeLabel
            self.refresh = refresh
            self.readOnly = readOnly
            self.utcOffsetSeconds = utcOffsetSeconds
            self.retryPolicies = retryPolicies
        }

        /// The policy a task of `queue` retries by, as far as this process knows, and how to name it.
        public func retryPolicy(for queue: String) -> (policy: any RetryPolicy, name: String) {
            if let local = retryPolicies[queue] { return (local, "this ajtop's pool policy") }
            return (IntervalRetryPolicy.default, "the default policy RetryLinearTenMinutes")
        }
    }

    /// Home screen state.
    public struct QueuesState: Sendable {
        /// The last data read.
        public var data: QueuesData?
        /// Index of the selected queue among the visible ones.
        public var selected = 0
        /// Only queues whose name contains this are shown.
        public var filter: String?

        /// The queues shown, after the filter.
        public var visible: [QueueSummary] {
            let all = data?.summaries ?? []
            guard let filter, !filter.isEmpty else { return all }
            return all.filter { $0.queue.name.localizedCaseInsensitiveContains(filter) }
        }

        /// The selected queue, if any.
        public var selectedSummary: QueueSummary? {
            let visible = visible
            return visible.indices.contains(selected) ? visible[selected] : nil
        }
    }

    /// Queue detail state.
    public struct QueueDetailState: Sendable {
        /// The queue.
        public var queue: String
        /// The state tab.
        public var tab: StateTab = .all
        /// Index of the selected task among all matching tasks (the page follows it).
        public var selected = 0
        /// Applied search text (id, type, error or payload).
        public var filter: String?
        /// The last data read.
        public var data: QueueDetailData?
        /// Tasks marked for a bulk action, by id (they stay marked across pages, tabs and filters).
        public var marked: Set<String> = []
        /// The error group whose tasks alone are listed, when opened from the errors screen.
        public var errorScope: ErrorScope?
        /// While the history pane replaces the tasks (`h`), the window its chart covers; nil: the tasks.
        public var history: HistoryWindow?
        /// The history pane's last data read.
        public var stats: QueueStatsData?

        /// An error group's tasks, as the queue's screen lists them: the ids are kept as a set once, so
        /// building a load request costs nothing however large the group.
        public struct ErrorScope: Sendable, Hashable {
            /// The group's normalised error text.
            public var pattern: ErrorPattern
            /// The group's tasks.
            public var taskIDs: Set<String>

            /// The scope of `group`.
            public init(_ group: ErrorGroup) {
                pattern = group.pattern
                taskIDs = Set(group.taskIDs)
            }
        }

        /// The store filter for every task the screen lists (tab, search and error group), unpaged.
        public var taskFilter: TaskFilter {
            TaskFilter(queue: queue, states: tab.states, text: filter, ids: errorScope?.taskIDs)
        }

        /// The selected task, when it is on the loaded page; none while the history pane hides the tasks,
        /// so no key acts on a task the operator cannot see.
        public var selectedTask: JobTask? {
            guard let data, history == nil else { return nil }
            let index = selected - data.offset
            return data.tasks.indices.contains(index) ? data.tasks[index] : nil
        }
    }

    /// Errors screen state.
    public struct ErrorsState: Sendable {
        /// The queue.
        public var queue: String
        /// Index of the selected group.
        public var selected = 0
        /// The last data read.
        public var data: ErrorsData?

        /// The selected group, if any.
        public var selectedGroup: ErrorGroup? {
            guard let groups = data?.groups, groups.indices.contains(selected) else { return nil }
            return groups[selected]
        }
    }

    /// Task detail state.
    public struct TaskDetailState: Sendable {
        /// The task's id.
        public var id: String
        /// First line shown.
        public var scroll = 0
        /// The last data read.
        public var data: TaskDetailData?
    }

    /// Schedules screen state: the last data read and the selected row.
    public struct SchedulesState: Sendable {
        /// The schedules and the leader, once read.
        public var data: SchedulesData?
        /// Index of the selected schedule.
        public var selected = 0
    }

    /// Workers screen state: the local pools, one per queue served, and the selected row.
    public struct WorkersState: Sendable {
        /// Each pool as last sampled, in the order the dashboard was given them.
        public var pools: [PoolSnapshot]
        /// Index of the selected row (one row per slot of every pool, busy slots first).
        public var selected = 0

        /// Creates the state for pools as first seen.
        public init(pools: [PoolSnapshot]) { self.pools = pools }

        /// One row of the Workers screen: a pool's handler slot, busy or idle.
        public struct Row: Sendable, Hashable {
            /// Index of the pool in ``pools``.
            public var pool: Int
            /// 1-based slot number within the pool.
            public var number: Int
            /// The attempt running in it, nil when idle.
            public var slot: PoolSnapshot.Slot?
        }

        /// Every slot of every pool: as many rows as its concurrency, or more while a lowered concurrency
        /// still has more attempts running.
        public var rows: [Row] {
            pools.enumerated().flatMap { index, pool in
                (0..<max(pool.concurrency, pool.slots.count)).map { number in
                    Row(pool: index, number: number + 1, slot: pool.slots.indices.contains(number) ? pool.slots[number] : nil)
                }
            }
        }

        /// The selected row, if any.
        public var selectedRow: Row? {
            let rows = rows
            return rows.indices.contains(selected) ? rows[selected] : nil
        }

        /// The pools' phase taken together: draining while any drains, running while any runs.
        public var phase: PoolSnapshot.Phase {
            if pools.contains(where: { $0.phase == .draining }) { return .draining }
            return pools.contains { $0.phase == .running } ? .running : .stopped
        }

        /// Busy slots across every pool.
        public var busy: Int { pools.reduce(0) { $0 + $1.slots.count } }
        /// Slots across every pool.
        public var capacity: Int { pools.reduce(0) { $0 + $1.concurrency } }

        /// Finished attempts by outcome, over every pool.
        public var finished: [Attempt.Outcome: Int] {
            pools.reduce(into: [:]) { total, pool in total.merge(pool.finished, uniquingKeysWith: +) }
        }
    }

    /// A question waiting for y/N.
    public enum Confirmation: Sendable, Hashable {
        /// Terminate this task?
        case terminate(taskID: String)
        /// Apply the action to these tasks of the queue (the marked set, or the selected task)?
        case bulk(BulkAction, taskIDs: [String], queue: String)

        /// The question, naming its target and saying exactly what will happen.
        public var prompt: String {
            switch self {
            case .terminate(let id): "Terminate task \(id)? [y/N]"
            case .bulk(let action, let ids, let queue):
                "\(action.verb) \(BulkOutcome.grouped(ids.count)) task\(ids.count == 1 ? "" : "s") in \(queue)? y/N"
            }
        }
    }

    /// A line telling what just happened.
    public struct Status: Sendable, Hashable {
        /// The text.
        public var text: String
        /// Whether it reports a refusal or failure.
        public var isError: Bool

        /// Creates a status.
        public init(_ text: String, isError: Bool = false) {
            self.text = text
            self.isError = isError
        }
    }

    /// Fixed settings.
    public var config: Config
    /// The current time (moved by ticks).
    public var now: Timestamp
    /// The terminal's size.
    public var size: Size
    /// Screens, home first; the last one is shown. Leaving a screen clears its status line, so a message
    /// never follows the user to another screen.
    public var stack: [Route] = [.queues] {
        didSet { if stack.last != oldValue.last { status = nil } }
    }
    /// Home screen.
    public var queues = QueuesState()
    /// Queue detail, while open.
    public var queueDetail: QueueDetailState?
    /// A queue's errors screen, while open.
    public var errors: ErrorsState?
    /// The events screen (kept while away from it, so its scrollback stays).
    public var events = EventsState()
    /// Task detail, while open.
    public var taskDetail: TaskDetailState?
    /// The local worker pools, when this process runs any; nil for a dashboard that only watches.
    public var workers: WorkersState?
    /// Schedules screen state.
    public var schedules = SchedulesState()
    /// First help line shown.
    public var helpScroll = 0
    /// The filter being typed, if any.
    public var filterInput: String?
    /// A pending y/N question.
    public var confirmation: Confirmation?
    /// The last action's result or a refusal, for the screen shown; setting it stamps ``statusSince``.
    public var status: Status? {
        didSet { statusSince = now }
    }
    /// When the status line was set: a message (not an error) clears ``statusLifetime`` later.
    public private(set) var statusSince: Timestamp
    /// The bulk action running, if any: one at a time, so progress reads clearly.
    public var bulkRunning: BulkAction?
    /// The screen each operator action in flight was asked from, where its result is reported.
    var actionOrigins: [StoreAction: Route] = [:]
    /// When the shown data was last known to be current.
    public var dataAsOf: Timestamp?
    /// The last read error, until a read succeeds.
    public var loadError: String?
    /// When the next periodic refresh is due.
    public var nextRefresh: Timestamp
    /// Set once the user asked to leave.
    public var isQuitting = false
    /// The bindings.
    public let keyMap: KeyMap

    /// Creates the initial model: home screen, first queue selected, a refresh due at once; `pools` are
    /// the local worker pools this process runs (none for a dashboard that only watches).
    public init(config: Config, now: Timestamp, size: Size, pools: [PoolSnapshot] = [], keyMap: KeyMap = .standard) {
        self.config = config
        self.workers = pools.isEmpty ? nil : WorkersState(pools: pools)
        self.now = now
        self.size = size
        self.nextRefresh = now
        self.statusSince = now
        self.keyMap = keyMap
    }

    /// The screen shown.
    public var route: Route { stack.last ?? .queues }

    /// The data screen under any help overlay: what loads are for.
    public var dataRoute: Route { stack.last { $0 != .help } ?? .queues }

    /// How long a status message (not an error, which stays until the next key) stays on screen.
    public static let statusLifetime: Duration = .seconds(5)

    /// Throughput sparkline resolution on the home screen: a minute in five-second buckets, short enough
    /// to follow a burst and to be filled within the first minute of a new store.
    public static let throughputBuckets = 12
    /// Width of one throughput bucket.
    public static let throughputBucket: Duration = .seconds(5)
    /// The throughput window: the sparkline's span and the error rate's.
    public static var throughputWindow: Duration { throughputBucket * throughputBuckets }
    /// How far ahead the retry timeline looks: the widest ``RetryWindow``; the chart narrows to its data.
    public static let retryWindow: Duration = RetryWindow.day.span

    /// What the shown screen needs from the store.
    public var loadRequest: LoadRequest {
        switch dataRoute {
        case .queues, .workers, .help:
            return .queues(buckets: Self.throughputBuckets, bucket: Self.throughputBucket)
        case .schedules:
            return .schedules
        case .queueDetail(let name):
            let state = queueDetail ?? QueueDetailState(queue: name)
            if let window = state.history {
                return .queueStats(queue: name, window: window, bucket: window.bucket(forColumns: QueueStatsPane.chartColumns(for: size)))
            }
            let pageSize = QueueDetailScreen.pageSize(for: size)
            let offset = state.selected / pageSize * pageSize
            var filter = state.taskFilter
            filter.offset = offset
            filter.limit = pageSize
            return .queueDetail(queue: name, filter: filter, window: Self.retryWindow)
        case .errors(let name):
            return .errors(queue: name)
        case .events:
            return .events(after: events.lastSequence)
        case .taskDetail(let id):
            return .taskDetail(id: id)
        }
    }

    /// Age of the shown data when it is older than a refresh or two should allow, else nil.
    public var staleness: Duration? {
        guard let dataAsOf else { return nil }
        let age = now - dataAsOf
        let allowed = max(config.refresh * 3, .seconds(3))
        return age > allowed ? age : nil
    }

    /// The header's word for the local pools: `off` without any, else their phase and busy/total slots.
    public var poolState: String {
        guard let workers else { return "off" }
        return "\(workers.phase.rawValue) \(workers.busy)/\(workers.capacity)"
    }

    /// The effects to run at start: load the home screen, and start the local pools if there are any.
    public func start() -> [Effect] {
        [.load(loadRequest, force: true)] + (workers == nil ? [] : [.pool(.start)])
    }
}
