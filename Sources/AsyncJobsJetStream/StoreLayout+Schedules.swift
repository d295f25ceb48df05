import AsyncJobs

/// Where scheduled tasks and the scheduler election live: asyncjobs' two buckets, and the store's own
/// `AJTOP_SCHEDULES` for what asyncjobs' `ScheduledTask` has no field for.
extension StoreLayout {
    /// asyncjobs' key of a schedule in ``configurationBucket``.
    static let scheduleKeyPrefix = "scheduled_tasks."
    static func scheduleKey(_ name: String) -> String { scheduleKeyPrefix + name }

    /// asyncjobs' election bucket TTL: a lease nobody renews is gone from the server after it.
    static let electionBucketTTL: Duration = .seconds(10)

    /// The store's bucket of ``ScheduleExtras`` (time zone, missed-fire policy, last fire), key = schedule name.
    static let scheduleExtrasBucket = "AJTOP_SCHEDULES"

    /// Headers the store adds to its election entries (Go's `election` package reads only the value, the
    /// candidate's name): the term, which grows on every hand-over, and the lease's expiry on the store's
    /// clock in nanoseconds. A resignation's delete marker carries both and the leader's name.
    static let electionTermHeader = "AJTop-Term"
    static let electionExpiresHeader = "AJTop-Expires"
    static let electionLeaderHeader = "AJTop-Leader"
}
