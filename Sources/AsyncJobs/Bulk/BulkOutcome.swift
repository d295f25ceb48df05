/// What a bulk action did: how many tasks it changed and how many it skipped because they were gone or not
/// in a state the action applies to.
public struct BulkOutcome: Sendable, Hashable {
    /// Tasks the action changed.
    public var applied: Int
    /// Tasks left alone: vanished, or in a state the action does not apply to.
    public var skipped: Int
    /// Of `applied`, the running tasks a terminate only asked their worker to stop: they end terminated
    /// when the handler is cancelled, or when the lease runs out.
    public var asked: Int

    /// Creates an outcome.
    public init(applied: Int = 0, skipped: Int = 0, asked: Int = 0) {
        self.applied = applied
        self.skipped = skipped
        self.asked = asked
    }

    /// Every task looked at.
    public var total: Int { applied + skipped }

    /// Both outcomes added together, for a run made of batches.
    public static func + (lhs: BulkOutcome, rhs: BulkOutcome) -> BulkOutcome {
        BulkOutcome(applied: lhs.applied + rhs.applied, skipped: lhs.skipped + rhs.skipped, asked: lhs.asked + rhs.asked)
    }

    /// "retried 12,400 tasks, skipped 8 (not in a state to retry)"; a terminate that reached running
    /// tasks says so rather than claim they ended ("terminated 7 tasks, asked workers to terminate 3
    /// running ones …").
    public func summary(of action: BulkAction) -> String {
        let ended = applied - asked
        var done = "\(action.pastTense) \(BulkOutcome.grouped(ended)) task\(ended == 1 ? "" : "s")"
        if asked > 0 {
            let running = "asked workers to terminate \(BulkOutcome.grouped(asked)) running "
                + (ended > 0 ? (asked == 1 ? "one" : "ones") : (asked == 1 ? "task" : "tasks"))
                + " (each stops within a second, or ends when its lease runs out)"
            done = ended > 0 ? done + ", " + running : running
        }
        guard skipped > 0 else { return done }
        return done + ", skipped \(BulkOutcome.grouped(skipped)) (gone or not in a state to \(action.verb))"
    }

    /// `12408` as `12,408`, the way operators read counts of tasks.
    public static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (count < 0 ? "-" : "") + out
    }
}
