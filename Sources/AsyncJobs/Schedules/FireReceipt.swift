/// What a store did with a scheduler's fire (``ScheduleStore/recordFire(schedule:slot:task:skipped:leadership:)``).
public enum FireReceipt: Sendable, Hashable {
    /// Recorded: the task (if any) was enqueued and the slot is now the schedule's last fire.
    case fired
    /// The schedule's last fire is at or after this slot already (another scheduler made the task):
    /// nothing was written.
    case alreadyFired
    /// The leadership given is no longer the current one: nothing was written.
    case notLeader
}
