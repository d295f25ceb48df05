import AsyncJobs

/// How `ajc task cron ls` and `view` describe a schedule's fires and the scheduling leader.
enum ScheduleText {
    /// `2026-12-01T12:00:00Z (in 4m10s)`, `due now (no scheduler has made it yet)`, or `never`.
    static func nextFire(_ schedule: ScheduledTask, now: Timestamp) -> String {
        guard let next = schedule.nextFire else { return "never" }
        if next <= now { return "due since \(GoDuration.compact(now - next)) (is a scheduler running?)" }
        return "\(next.rfc3339) (in \(GoDuration.compact(next - now)))"
    }

    /// `2026-12-01T11:55:00Z (5m ago)`, or `-`.
    static func lastFire(_ schedule: ScheduledTask, now: Timestamp) -> String {
        guard let last = schedule.lastFire else { return "-" }
        return "\(last.rfc3339) (\(GoDuration.compact(now - last)) ago)"
    }

    /// Who leads the schedulers, for the line under the list.
    static func leader(_ leadership: Leadership?, now: Timestamp) -> String {
        guard let leadership else { return "Leader: none (no scheduler has run; start one with 'ajc task cron scheduler NAME')" }
        if leadership.expires <= now {
            return "Leader: none (\(leadership.leader)'s lease ran out \(GoDuration.compact(now - leadership.expires)) ago)"
        }
        return "Leader: \(leadership.leader) (term \(leadership.term), lease for \(GoDuration.compact(leadership.expires - now)))"
    }

    /// The rows of `cron view`.
    static func rows(_ schedule: ScheduledTask, leadership: Leadership?, now: Timestamp) -> [(String, String)] {
        var rows: [(String, String)] = [
            ("Name", schedule.name), ("Schedule", schedule.schedule), ("Time zone", schedule.timeZone),
            ("Queue", schedule.queue), ("Task type", schedule.taskType),
            ("Payload", schedule.payload.map { String(decoding: $0, as: UTF8.self) } ?? "(none)"),
            ("Deadline", schedule.deadline.map(GoDuration.format) ?? "none"),
            ("Max tries", schedule.maxTries > 0 ? String(schedule.maxTries) : "default (\(JobTask.defaultMaxTries))"),
            ("Missed fires", schedule.missedFires == .catchUp ? "catch-up (one task for fires missed while no scheduler led)"
                : "skip (fires missed while no scheduler led are dropped)"),
            ("Created", schedule.createdAt.rfc3339),
            ("Next fire", nextFire(schedule, now: now)), ("Last fire", lastFire(schedule, now: now)),
        ]
        if let task = schedule.lastTaskID { rows.append(("Last task", task)) }
        if schedule.skippedFires > 0 { rows.append(("Skipped fires", String(schedule.skippedFires))) }
        rows.append(("Leader", String(leader(leadership, now: now).dropFirst("Leader: ".count))))
        return rows
    }
}
