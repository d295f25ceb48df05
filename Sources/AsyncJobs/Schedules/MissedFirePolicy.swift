/// What a scheduler does with fires that came due while no scheduler led (every scheduler down, or a
/// leader handover slower than the schedule): asyncjobs drops them silently; here each schedule says.
public enum MissedFirePolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Run one task for the latest missed fire, at once, then keep to the schedule (the default): a
    /// nightly job missed during an outage still runs, once, not once per missed night.
    case catchUp = "catch_up"
    /// Drop missed fires (counted in the schedule's ``ScheduledTask/skippedFires`` and logged) and wait
    /// for the next one: for work that is pointless late, such as a "send the 9:00 digest" task.
    case skip

    /// How late a fire may be and still count as on time rather than missed: schedulers look at least this
    /// often, so only a fire that no scheduler saw for longer was missed.
    public static let lateness: Duration = .seconds(2)
}
