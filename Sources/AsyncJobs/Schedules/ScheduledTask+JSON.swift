import Foundation

extension ScheduledTask {
    /// The schedule as JSON: asyncjobs' `ScheduledTask` fields in its order (`name`, `schedule`, `queue`,
    /// `task_type`, `payload` as base64, `deadline` in ns when set, `max_tries`, `created_at`), then this
    /// engine's: `time_zone`, `missed_fires`, and, when known, `next_fire`, `last_fire`, `last_task`,
    /// `skipped_fires`.
    public func json(nextFire: Timestamp?) -> Data {
        var writer = JSONWriter()
        writer.beginObject()
        writeAsyncJobsFields(&writer)
        writer.key("time_zone"); writer.string(timeZone)
        writer.key("missed_fires"); writer.string(missedFires.rawValue)
        if let nextFire { writer.key("next_fire"); writer.string(nextFire.rfc3339) }
        if let lastFire { writer.key("last_fire"); writer.string(lastFire.rfc3339) }
        if let lastTaskID { writer.key("last_task"); writer.string(lastTaskID) }
        writer.key("skipped_fires"); writer.integer(skippedFires)
        writer.endObject()
        return Data(writer.bytes)
    }

    /// The schedule's next fire, counted from its last (or its creation): in the past when a fire is
    /// due that no scheduler made yet. Nil when it never fires or does not parse.
    public var nextFire: Timestamp? {
        (try? cron)?.nextFire(after: lastFire ?? createdAt)
    }

    /// Exactly asyncjobs' `ScheduledTask` JSON, as Go's `encoding/json` writes it (what `ajc task cron` reads
    /// at `scheduled_tasks.<name>`): its fields in its order, nothing of this engine's.
    public var asyncjobsJSON: Data {
        var writer = JSONWriter()
        writer.beginObject()
        writeAsyncJobsFields(&writer)
        writer.endObject()
        return Data(writer.bytes)
    }

    /// asyncjobs' fields: `payload` base64 (null when nil, as Go's nil `[]byte`), `deadline` in ns only when
    /// set (Go's `omitempty`).
    private func writeAsyncJobsFields(_ writer: inout JSONWriter) {
        writer.key("name"); writer.string(name)
        writer.key("schedule"); writer.string(schedule)
        writer.key("queue"); writer.string(queue)
        writer.key("task_type"); writer.string(taskType)
        writer.key("payload")
        if let payload { writer.string(payload.base64EncodedString()) } else { writer.null() }
        if let deadline { writer.key("deadline"); writer.integer(deadline.nanoseconds) }
        writer.key("max_tries"); writer.integer(maxTries)
        writer.key("created_at"); writer.string(createdAt.rfc3339)
    }
}
