import AsyncJobs

/// An attempt whose end this process wrote onto the run record (the fence) but whose task record and
/// acknowledgement may not have reached the server yet, kept so that the resolution's next try, after a
/// lost connection or a leader change, writes the rest exactly as the first one meant instead of finding
/// the lease gone and leaving the task `active`.
struct EndedAttempt: Sendable {
    /// The task record to write, expecting the sequence it was read at (a conflict is settled by
    /// ``JetStreamStore``'s fence).
    var record: WholeTask
    /// The held work item's ack subject.
    var ackSubject: String
    /// The item as the run record now holds it (for a retry: when it is due).
    var item: RunRecord.Item
    /// The ended attempt as written: the run record's last attempt while nobody else changed it.
    var attempt: Attempt?
    var receipt: ResolutionReceipt
    /// When the attempt ended.
    var at: Timestamp

    /// The attempt's key: one task's attempt by one worker.
    static func key(_ claim: Claim) -> String { "\(claim.task.id)\u{0}\(claim.attempt)\u{0}\(claim.worker)" }
}
