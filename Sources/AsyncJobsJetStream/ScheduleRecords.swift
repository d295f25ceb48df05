import AsyncJobs
import Foundation

/// A schedule as asyncjobs stores it at `scheduled_tasks.<name>` in `CHORIA_AJ_CONFIGURATION`: Go's
/// `ScheduledTask` struct, field for field and in its order, so `ajc task cron ls` reads ours and we read
/// theirs (the store writes it with ``ScheduledTask/asyncjobsJSON``; this reads it). What the engine keeps
/// beyond it is a ``ScheduleExtras`` record in the store's own bucket.
struct AsyncJobsScheduledTask: Decodable, Equatable {
    var name: String
    var schedule: String
    var queue: String
    var taskType: String
    /// `[]byte`: base64 in JSON, `null` when nil.
    var payload: Data?
    /// `time.Duration` in nanoseconds, omitted when zero (`omitempty`).
    var deadline: Int64?
    var maxTries: Int
    var createdAt: Timestamp

    enum CodingKeys: String, CodingKey {
        case name, schedule, queue, taskType = "task_type", payload, deadline, maxTries = "max_tries", createdAt = "created_at"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        schedule = try container.decode(String.self, forKey: .schedule)
        queue = try container.decode(String.self, forKey: .queue)
        taskType = try container.decode(String.self, forKey: .taskType)
        payload = try container.decodeIfPresent(Data.self, forKey: .payload)
        // Go's zero Duration (omitted, or written by an older ajc) is no deadline.
        deadline = try container.decodeIfPresent(Int64.self, forKey: .deadline).flatMap { $0 == 0 ? nil : $0 }
        maxTries = try container.decodeIfPresent(Int.self, forKey: .maxTries) ?? 0
        createdAt = try container.decode(Timestamp.self, forKey: .createdAt)
    }

    static func decode(_ bytes: [UInt8]) throws -> AsyncJobsScheduledTask {
        try JSONDecoder().decode(AsyncJobsScheduledTask.self, from: Data(bytes))
    }

    /// The engine's schedule: this definition with `extras` (absent for a schedule a Go program made, whose
    /// fires asyncjobs never replays, so its missed fires are skipped and its times read in UTC).
    func schedule(with extras: ScheduleExtras?) -> ScheduledTask {
        ScheduledTask(name: name, schedule: schedule, timeZone: extras?.timeZone ?? "UTC", queue: queue, taskType: taskType,
                      payload: payload, deadline: deadline.map { .nanoseconds($0) }, maxTries: maxTries,
                      missedFires: extras?.missedFires ?? .skip, createdAt: createdAt, lastFire: extras?.lastFire,
                      lastTaskID: extras?.lastTaskID, skippedFires: extras?.skippedFires ?? 0)
    }
}

/// What the engine keeps of a schedule beyond asyncjobs' fields, at key `<name>` of `AJTOP_SCHEDULES`: its
/// time zone and missed-fire policy, and what the schedulers fired.
struct ScheduleExtras: Codable, Equatable {
    var timeZone: String
    var missedFires: MissedFirePolicy
    var lastFire: Timestamp?
    var lastTaskID: String?
    var skippedFires: Int

    enum CodingKeys: String, CodingKey {
        case timeZone = "time_zone", missedFires = "missed_fires", lastFire = "last_fire", lastTaskID = "last_task"
        case skippedFires = "skipped_fires"
    }

    init(_ schedule: ScheduledTask) {
        timeZone = schedule.timeZone
        missedFires = schedule.missedFires
        lastFire = schedule.lastFire
        lastTaskID = schedule.lastTaskID
        skippedFires = schedule.skippedFires
    }

    var json: [UInt8] { Array((try? JSONEncoder().encode(self)) ?? Data()) }

    static func decode(_ bytes: [UInt8]) throws -> ScheduleExtras {
        try JSONDecoder().decode(ScheduleExtras.self, from: Data(bytes))
    }
}
