/// What a bulk action did: how many tasks it changed and how many it skipped because they were gone or not
/// in a state the action applies to.
public struct BulkOutcome: Sendable, Hashable {
    /// Tasks the action changed.
    public var applied: Int
    /// Tasks left alone: vanished, or in a state the action does not apply to.
    public var skipped: Int

    /// Creates an outcome.
    public init(applied: Int = 0, skipped: Int = 0) {
        self.applied = applied
        self.skipped = skipped
    }

    /// Every task looked at.
    public var total: Int { applied + skipped }

    /// Both outcomes added together, for a run made of batches.
    public static func + (lhs: BulkOutcome, rhs: BulkOutcome) -> BulkOutcome {
        BulkOutcome(applied: lhs.applied + rhs.applied, skipped: lhs.skipped + rhs.skipped)
    }

    /// "retried 12,400 tasks, skipped 8 (not in a state to retry)".
    public func summary(of action: BulkAction) -> String {
        let done = "\(action.pastTense) \(BulkOutcome.grouped(applied)) task\(applied == 1 ? "" : "s")"
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
