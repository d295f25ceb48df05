import AsyncJobs

/// The Schedules screen's data: every schedule with what it fired, and who leads the schedulers.
public struct SchedulesData: Sendable, Hashable {
    /// The schedules, by name.
    public var schedules: [ScheduledTask]
    /// The schedulers' election (``Scheduler/election``), nil when no scheduler ever ran.
    public var leadership: Leadership?

    /// Creates the data.
    public init(schedules: [ScheduledTask], leadership: Leadership?) {
        self.schedules = schedules
        self.leadership = leadership
    }
}
