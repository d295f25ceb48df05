/// A named work queue and the limits that govern its tasks.
public struct Queue: Sendable, Hashable {
    /// The queue used when none is named.
    public static let defaultName = "DEFAULT"

    /// The queue's name (the task name rule applies).
    public var name: String
    /// Most tasks of this queue handled at once across every process and machine.
    public var maxConcurrent: Int
    /// How long one attempt may run before it is cancelled and counted as failed; also the lease a worker
    /// holds, so a crashed worker's task is runnable again after it.
    public var maxRunTime: Duration
    /// Attempts per task the queue allows; -1 means unlimited. The task's own limit also applies.
    public var maxTries: Int
    /// A waiting task older than this expires; zero keeps tasks forever.
    public var maxAge: Duration
    /// Most waiting tasks; 0 means unlimited.
    public var maxEntries: Int
    /// When full, drop the oldest waiting task instead of refusing the new one.
    public var discardOld: Bool
    /// A paused queue hands out no new work; running tasks finish.
    public var paused: Bool
    /// How long a task in a final state is kept (counted from its creation and its last attempt, whichever
    /// is later) before the store's maintenance pass deletes it with its history; zero keeps them forever.
    /// What keeps a store under steady load bounded in size (asyncjobs #27).
    public var retention: Duration

    /// Creates a queue with asyncjobs' defaults for anything not given.
    public init(
        name: String, maxConcurrent: Int = 100, maxRunTime: Duration = .seconds(3600), maxTries: Int = -1,
        maxAge: Duration = .zero, maxEntries: Int = 0, discardOld: Bool = false, paused: Bool = false,
        retention: Duration = .zero
    ) {
        self.name = name
        self.maxConcurrent = maxConcurrent
        self.maxRunTime = maxRunTime
        self.maxTries = maxTries
        self.maxAge = maxAge
        self.maxEntries = maxEntries
        self.discardOld = discardOld
        self.paused = paused
        self.retention = retention
    }

    /// The implicit `DEFAULT` queue: one-minute attempts, at most 100 tries.
    public static var defaultQueue: Queue {
        Queue(name: defaultName, maxRunTime: .seconds(60), maxTries: 100)
    }

    /// Throws unless the name and every limit are valid.
    public func validate() throws(JobError) {
        try NameValidation.check(name, as: "queue name")
        guard maxConcurrent >= 1 else { throw .invalidSetting("max concurrent must be at least 1, got \(maxConcurrent)") }
        guard maxRunTime > .zero else { throw .invalidSetting("max run time must be positive") }
        guard maxTries == -1 || maxTries >= 1 else {
            throw .invalidSetting("max tries must be -1 (unlimited) or at least 1, got \(maxTries)")
        }
        guard maxAge >= .zero else { throw .invalidSetting("max age must not be negative") }
        guard maxEntries >= 0 else { throw .invalidSetting("max entries must be 0 (unlimited) or more, got \(maxEntries)") }
        guard retention >= .zero else { throw .invalidSetting("retention must not be negative") }
    }
}

extension Queue: Codable {
    enum CodingKeys: String, CodingKey {
        case name
        case maxConcurrent = "max_concurrent"
        case maxRunTime = "max_runtime"
        case maxTries = "max_tries"
        case maxAge = "max_age"
        case maxEntries = "max_entries"
        case discardOld = "discard_old"
        case paused
        case retention
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        maxConcurrent = try container.decodeIfPresent(Int.self, forKey: .maxConcurrent) ?? 100
        maxRunTime = .nanoseconds(try container.decodeIfPresent(Int64.self, forKey: .maxRunTime) ?? 3_600_000_000_000)
        maxTries = try container.decodeIfPresent(Int.self, forKey: .maxTries) ?? -1
        maxAge = .nanoseconds(try container.decodeIfPresent(Int64.self, forKey: .maxAge) ?? 0)
        maxEntries = try container.decodeIfPresent(Int.self, forKey: .maxEntries) ?? 0
        discardOld = try container.decodeIfPresent(Bool.self, forKey: .discardOld) ?? false
        paused = try container.decodeIfPresent(Bool.self, forKey: .paused) ?? false
        retention = .nanoseconds(try container.decodeIfPresent(Int64.self, forKey: .retention) ?? 0)
    }

    /// Durations are written in nanoseconds, as Go marshals `time.Duration`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(maxConcurrent, forKey: .maxConcurrent)
        try container.encode(maxRunTime.nanoseconds, forKey: .maxRunTime)
        try container.encode(maxTries, forKey: .maxTries)
        try container.encode(maxAge.nanoseconds, forKey: .maxAge)
        try container.encode(maxEntries, forKey: .maxEntries)
        try container.encode(discardOld, forKey: .discardOld)
        try container.encode(paused, forKey: .paused)
        try container.encode(retention.nanoseconds, forKey: .retention)
    }
}
