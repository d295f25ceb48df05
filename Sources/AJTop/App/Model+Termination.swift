import AsyncJobs

/// What the status line says about an operator's terminate of a running task: that it was asked and how it
/// will happen, then either "terminated" once it is, or, after ``terminationPatience``, why it still waits.
extension Model {
    /// How long the status line waits for an asked termination before saying why it has not happened.
    public static let terminationPatience: Duration = .seconds(10)

    /// The status right after the store took the terminate of a running task.
    static func terminationAskedText(taskID: String, lease: Lease?, now: Timestamp, offset: Int) -> String {
        guard let lease else { return "termination of \(taskID) asked" }
        if lease.hasExpired(at: now) {
            return "termination of \(taskID) asked; its \(lease.describe(at: now)): the next rescue ends it"
        }
        return "termination of \(taskID) asked of worker \(lease.worker): it stops within a second, "
            + "or when its lease runs out at \(Format.clock(lease.expires, offsetSeconds: offset))"
    }

    /// The status once following the termination ended: the task left `active`, or the patience ran out.
    static func terminationStatus(taskID: String, state: TaskState, lease: Lease?, now: Timestamp, offset: Int) -> Status {
        switch state {
        case .terminated: return Status("terminated \(taskID)")
        case .active: break
        default: return Status("\(taskID) ended \(state.rawValue)")
        }
        let waited = "\(taskID) not terminated after \(Lease.seconds(terminationPatience))"
        guard let lease else { return Status("\(waited): its attempt is ending", isError: true) }
        if lease.hasExpired(at: now) {
            return Status("\(waited): its \(lease.describe(at: now)); the next rescue ends it", isError: true)
        }
        return Status("\(waited): worker \(lease.worker) is unreachable; its lease runs out at "
                      + "\(Format.clock(lease.expires, offsetSeconds: offset)) (in \(Lease.seconds(lease.expires - now)))",
                      isError: true)
    }
}
