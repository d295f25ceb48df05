/// What a leading scheduler does with one schedule now: a pure function of the schedule, its parsed
/// ``CronSchedule`` and the time, so every scheduler decides alike and tests are exact.
public struct FirePlan: Sendable, Hashable {
    /// The latest fire due by now: the slot recorded as the schedule's last fire.
    public var slot: Timestamp
    /// Whether a task is made for it (false: skipped under ``MissedFirePolicy/skip``).
    public var runs: Bool
    /// Fires due by now that get no task of their own (missed earlier ones, and `slot` itself when skipped).
    public var skipped: Int

    /// Creates a plan.
    public init(slot: Timestamp, runs: Bool, skipped: Int) {
        self.slot = slot
        self.runs = runs
        self.skipped = skipped
    }

    /// Most fires counted in one plan: a schedule missed for longer (every second for a day) is settled in
    /// several rounds instead of one long one.
    static let countLimit = 10_000

    /// The plan for `schedule` at `now`, or nil when nothing is due. Fires are counted from the last fire
    /// (or the schedule's creation). The latest one due runs unless it is later than
    /// ``MissedFirePolicy/lateness`` and the policy is ``MissedFirePolicy/skip``; earlier ones were missed
    /// and are counted as skipped either way (under ``MissedFirePolicy/catchUp`` the one run covers them).
    public static func plan(for schedule: ScheduledTask, cron: CronSchedule, now: Timestamp) -> FirePlan? {
        guard var latest = cron.nextFire(after: schedule.lastFire ?? schedule.createdAt), latest <= now else { return nil }
        var due = 1
        while due < countLimit, let next = cron.nextFire(after: latest), next <= now {
            latest = next
            due += 1
        }
        let runs = schedule.missedFires == .catchUp || now - latest <= MissedFirePolicy.lateness
        return FirePlan(slot: latest, runs: runs, skipped: runs ? due - 1 : due)
    }
}
