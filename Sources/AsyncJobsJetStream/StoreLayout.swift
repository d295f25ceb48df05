import AsyncJobs
import JetStream

/// Every stream, subject, consumer and bucket the JetStream store uses: asyncjobs' own, created exactly as
/// the Go library creates them (and bound unchanged when they exist), and the store's own, under names a Go
/// program never reads (`AJTOP_…`, `AJTOP.…`). `docs/jetstream-store.md` lists them all.
enum StoreLayout {
    // MARK: asyncjobs' layout

    /// The tasks stream: one message (the task JSON) per `CHORIA_AJ.T.<id>`.
    static let tasksStream = "CHORIA_AJ_TASKS"
    static let taskSubjectPrefix = "CHORIA_AJ.T."
    static func taskSubject(_ id: String) -> String { taskSubjectPrefix + id }

    /// A queue's work-queue stream and its items' subjects.
    static let queueStreamPrefix = "CHORIA_AJ_Q_"
    static func queueStream(_ queue: String) -> String { queueStreamPrefix + queue }
    static func itemSubject(queue: String, task: String) -> String { "CHORIA_AJ.Q.\(queue).\(task)" }
    /// What every queue stream captures, for discovering queues.
    static let allQueueSubjects = "CHORIA_AJ.Q.>"
    /// The durable pull consumer every worker, Go or ours, pulls from.
    static let workersConsumer = "WORKERS"

    /// Lifecycle events, core-published by asyncjobs; the store publishes its own on the same subjects.
    static let eventSubjects = "CHORIA_AJ.E.>"
    static let taskStateEventPrefix = "CHORIA_AJ.E.task_state."
    static func taskStateEventSubject(_ id: String) -> String { taskStateEventPrefix + id }

    /// asyncjobs' KV buckets: cron schedules and leader elections (created as asyncjobs does; see StoreLayout+Schedules).
    static let configurationBucket = "CHORIA_AJ_CONFIGURATION"
    static let electionsBucket = "CHORIA_AJ_ELECTIONS"

    // MARK: The store's own

    /// Per-task run records (the item's place, lease, terminate request, retry schedule, attempt history).
    static let runsStream = "AJTOP_RUNS"
    static let runSubjectPrefix = "AJTOP.R."
    static func runSubject(_ id: String) -> String { runSubjectPrefix + id }
    /// Per-queue settings asyncjobs has no field for (pause, retention), with the rest of the queue.
    static let queuesStream = "AJTOP_QUEUES"
    static let queueSubjectPrefix = "AJTOP.Q."
    static func queueSubject(_ name: String) -> String { queueSubjectPrefix + name }
    /// Every lifecycle event on `CHORIA_AJ.E.>`, ours and Go workers', kept and numbered.
    static let eventsStream = "AJTOP_EVENTS"
    /// How long the event history is kept (what the sparklines and `ajc task watch --since` can reach).
    static let eventHistory: Duration = .seconds(24 * 3600)

    /// The header on the store's own events carrying the store clock's time to the nanosecond (Go reads only
    /// the body, which is exactly asyncjobs').
    static let eventTimeHeader = "AJTop-Time"

    // MARK: Configs

    /// `CHORIA_AJ_TASKS` as asyncjobs creates it.
    static func tasksStreamConfig(_ options: JetStreamStoreOptions) -> StreamConfig {
        var config = asyncjobsStream(name: tasksStream, description: "Choria Async Jobs Tasks",
                                     subjects: [taskSubjectPrefix + "*"], options: options)
        config.retention = .limits
        config.discard = .old
        config.maxMessages = -1
        config.maxAge = Nanoseconds(options.taskRetention)
        return config
    }

    /// `CHORIA_AJ_Q_<queue>` as asyncjobs creates it.
    static func queueStreamConfig(_ queue: Queue, options: JetStreamStoreOptions) -> StreamConfig {
        var config = asyncjobsStream(name: queueStream(queue.name), description: "Choria Async Jobs Work Queue",
                                     subjects: ["CHORIA_AJ.Q.\(queue.name).>"], options: options)
        config.retention = .workqueue
        config.maxMessages = queue.maxEntries > 0 ? Int64(queue.maxEntries) : -1
        config.maxAge = Nanoseconds(queue.maxAge)
        config.discard = queue.discardOld ? .old : .new
        return config
    }

    /// The `WORKERS` consumer as asyncjobs creates it: AckWait = MaxRunTime, MaxAckPending = MaxConcurrent,
    /// MaxDeliver = MaxTries.
    static func workersConfig(_ queue: Queue) -> ConsumerConfig {
        var config = ConsumerConfig(name: workersConsumer, durableName: workersConsumer, deliverPolicy: .all,
                                    ackPolicy: .explicit, ackWait: Nanoseconds(queue.maxRunTime),
                                    maxDeliver: queue.maxTries, maxAckPending: queue.maxConcurrent)
        config.replayPolicy = .instant
        return config
    }

    /// The fields jsm.go's `DefaultStream` sets on every asyncjobs stream.
    private static func asyncjobsStream(name: String, description: String, subjects: [String],
                                        options: JetStreamStoreOptions) -> StreamConfig {
        var config = StreamConfig(name: name, subjects: subjects)
        config.description = description
        config.maxConsumers = -1
        config.maxMessagesPerSubject = 1
        config.maxBytes = -1
        config.maxMessageSize = -1
        config.storage = options.storage
        config.replicas = options.replicas
        config.sealed = false
        config.denyDelete = false
        config.denyPurge = false
        config.allowRollupHeaders = false
        config.allowDirect = false
        config.mirrorDirect = false
        return config
    }

    /// One of the store's own record streams: the latest record per subject.
    static func recordStreamConfig(name: String, description: String, subjects: [String],
                                   options: JetStreamStoreOptions) -> StreamConfig {
        var config = StreamConfig(name: name, subjects: subjects)
        config.description = description
        config.retention = .limits
        config.maxMessagesPerSubject = 1
        config.discard = .old
        config.storage = options.storage
        config.replicas = options.replicas
        return config
    }

    /// `AJTOP_EVENTS`: every message on `CHORIA_AJ.E.>` for a day.
    static func eventsStreamConfig(_ options: JetStreamStoreOptions) -> StreamConfig {
        var config = StreamConfig(name: eventsStream, subjects: [eventSubjects])
        config.description = "ajtop: asyncjobs lifecycle events, kept and numbered"
        config.retention = .limits
        config.discard = .old
        config.maxAge = Nanoseconds(eventHistory)
        config.storage = options.storage
        config.replicas = options.replicas
        return config
    }
}
