import Crypto
import Foundation

/// A task created on a schedule (asyncjobs' `ScheduledTask`): every fire of ``schedule`` enqueues one task
/// of ``taskType`` with ``payload`` into ``queue``.
///
/// Its definition is asyncjobs' (`name`, `schedule`, `queue`, `task_type`, `payload`, `deadline`,
/// `max_tries`, `created_at`) plus the time zone and the missed-fire policy; the store also keeps what
/// the schedulers did with it (``lastFire``, ``lastTaskID``, ``skippedFires``).
public struct ScheduledTask: Sendable, Hashable {
    /// The shortest deadline a scheduled task may have (asyncjobs' `ShortedScheduledDeadline`).
    public static let shortestDeadline: Duration = .seconds(30)

    /// The schedule's name (the name rule applies).
    public var name: String
    /// When it fires, in ``CronSchedule`` syntax, as given after ``CronSchedule/normalized(_:)``.
    public var schedule: String
    /// The IANA time zone the schedule is read in.
    public var timeZone: String
    /// The queue its tasks go to.
    public var queue: String
    /// The type of its tasks.
    public var taskType: String
    /// The payload of its tasks, byte for byte (asyncjobs' scheduler JSON-encodes it a second time; here
    /// the handler gets the bytes that were given).
    public var payload: Data?
    /// Each task's deadline, counted from its creation; nil for none.
    public var deadline: Duration?
    /// Each task's max tries; 0 gives tasks the default (``JobTask/defaultMaxTries``), as asyncjobs does.
    public var maxTries: Int
    /// What happens to fires missed while no scheduler led.
    public var missedFires: MissedFirePolicy
    /// When the schedule was created.
    public var createdAt: Timestamp

    /// The fire time of the last task it made, if any (set by the store when a fire is recorded).
    public var lastFire: Timestamp?
    /// The id of the last task it made.
    public var lastTaskID: String?
    /// How many fires were dropped under ``MissedFirePolicy/skip``.
    public var skippedFires: Int

    /// Creates a schedule definition (nothing fired yet).
    public init(name: String, schedule: String, timeZone: String = "UTC", queue: String = Queue.defaultName,
                taskType: String, payload: Data? = nil, deadline: Duration? = nil, maxTries: Int = 0,
                missedFires: MissedFirePolicy = .catchUp, createdAt: Timestamp = .now, lastFire: Timestamp? = nil,
                lastTaskID: String? = nil, skippedFires: Int = 0) {
        self.name = name
        self.schedule = CronSchedule.normalized(schedule)
        self.timeZone = timeZone
        self.queue = queue
        self.taskType = taskType
        self.payload = payload
        self.deadline = deadline
        self.maxTries = maxTries
        self.missedFires = missedFires
        self.createdAt = createdAt
        self.lastFire = lastFire
        self.lastTaskID = lastTaskID
        self.skippedFires = skippedFires
    }

    /// The parsed schedule; `invalidSetting` saying what is wrong with it.
    public var cron: CronSchedule {
        get throws(JobError) { try CronSchedule(schedule, timeZone: timeZone) }
    }

    /// Throws unless the names follow the rule, the schedule parses and the limits are sane.
    public func validate() throws(JobError) {
        try NameValidation.check(name, as: "schedule name")
        try NameValidation.check(queue, as: "queue name")
        try NameValidation.check(taskType, as: "task type")
        _ = try cron
        if let deadline, deadline < Self.shortestDeadline {
            throw .invalidSetting("a scheduled task's deadline must be at least \(GoDuration.format(Self.shortestDeadline)), got \(GoDuration.format(deadline))")
        }
        guard maxTries >= 0 else { throw .invalidSetting("max tries must be 0 (the default) or more, got \(maxTries)") }
    }

    /// The task made by the fire due at `slot`, created at `now`. Its id is derived from the schedule's name
    /// and the slot, so every scheduler makes the same id for the same fire and a store refuses a second
    /// task for it (`taskExists`): what keeps a fire to one task when two schedulers both think they lead.
    public func task(forFireAt slot: Timestamp, now: Timestamp) -> JobTask {
        JobTask(id: Self.taskID(name: name, slot: slot), type: taskType, queue: queue, payload: payload,
                deadline: deadline.map { now + $0 }, maxTries: maxTries > 0 ? maxTries : JobTask.defaultMaxTries,
                created: now)
    }

    /// A KSUID whose time is the slot's and whose other 16 bytes are the first of SHA-256 of the name and
    /// the slot: k-sortable like every task id, and the same in every process.
    public static func taskID(name: String, slot: Timestamp) -> String {
        KSUID.make(at: slot, body: Array(SHA256.hash(data: Data("\(name)\u{0}\(slot.nanoseconds)".utf8)).prefix(16)))
    }
}
