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
        /// The local worker pool's state for the header (`off` until a pool runs in-process).
        public var poolState: String
        /// Seconds east of UTC for clock times, so rendering stays pure (tests use 0).
        public var utcOffsetSeconds: Int

        /// Creates a configuration.
        public init(storeLabel: String, refresh: Duration = .seconds(1), readOnly: Bool = false,
                    poolState: String = "off", utcOffsetSeconds: Int = 0) {
            self.storeLabel = storeLabel
            self.refresh = refresh
            self.readOnly = readOnly
            self.poolState = poolState
            self.utcOffsetSeconds = utcOffsetSeconds
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
        /// Applied text filter (id, type or error).
        public var filter: String?
        /// The last data read.
        public var data: QueueDetailData?

        /// The selected task, when it is on the loaded page.
        public var selectedTask: JobTask? {
            guard let data else { return nil }
            let index = selected - data.offset
            return data.tasks.indices.contains(index) ? data.tasks[index] : nil
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

    /// A question waiting for y/N.
    public enum Confirmation: Sendable, Hashable {
        /// Terminate this task?
        case terminate(taskID: String)

        /// The question, naming its target.
        public var prompt: String {
            switch self {
            case .terminate(let id): "Terminate task \(id)? [y/N]"
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
    /// Screens, home first; the last one is shown.
    public var stack: [Route] = [.queues]
    /// Home screen.
    public var queues = QueuesState()
    /// Queue detail, while open.
    public var queueDetail: QueueDetailState?
    /// Task detail, while open.
    public var taskDetail: TaskDetailState?
    /// First help line shown.
    public var helpScroll = 0
    /// The filter being typed, if any.
    public var filterInput: String?
    /// A pending y/N question.
    public var confirmation: Confirmation?
    /// The last action's result or a refusal.
    public var status: Status?
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

    /// Creates the initial model: home screen, first queue selected, a refresh due at once.
    public init(config: Config, now: Timestamp, size: Size, keyMap: KeyMap = .standard) {
        self.config = config
        self.now = now
        self.size = size
        self.nextRefresh = now
        self.keyMap = keyMap
    }

    /// The screen shown.
    public var route: Route { stack.last ?? .queues }

    /// The data screen under any help overlay: what loads are for.
    public var dataRoute: Route { stack.last { $0 != .help } ?? .queues }

    /// Throughput sparkline resolution on the home screen.
    public static let throughputBuckets = 20
    /// Width of one throughput bucket.
    public static let throughputBucket: Duration = .seconds(10)
    /// How far ahead the retry timeline looks.
    public static let retryWindow: Duration = .seconds(3600)

    /// What the shown screen needs from the store.
    public var loadRequest: LoadRequest {
        switch dataRoute {
        case .queues, .help:
            return .queues(buckets: Self.throughputBuckets, bucket: Self.throughputBucket)
        case .queueDetail(let name):
            let state = queueDetail ?? QueueDetailState(queue: name)
            let pageSize = QueueDetailScreen.pageSize(for: size)
            let offset = state.selected / pageSize * pageSize
            let filter = TaskFilter(queue: name, states: state.tab.states, text: state.filter, offset: offset,
                                    limit: pageSize)
            return .queueDetail(queue: name, filter: filter, window: Self.retryWindow)
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

    /// The effects to run at start: load the home screen.
    public func start() -> [Effect] { [.load(loadRequest, force: true)] }
}
