/// When a waiting task's next attempts would run if each failed, by a retry policy and the tries it has
/// left: what a task's timeline draws, dimmed, as projections. Pure: the policy's jitter is taken at its
/// midpoint (a fixed random source), and each attempt is assumed to fail at once, so the same task always
/// projects the same times.
public enum RetryProjection {
    /// The start times of the task's coming attempts: `next` (when the store will hand it out) and, while
    /// the tries limit allows, each later one `policy` would schedule after the one before failed; at most
    /// `most` of them. `tries` is how many attempts ran so far; `limit` nil means no limit.
    public static func attempts(next: Timestamp, tries: Int, limit: Int?, policy: some RetryPolicy,
                                most: Int = 3) -> [Timestamp] {
        var times: [Timestamp] = []
        var attempt = tries + 1
        var at = next
        var random = MidpointRandom()
        while times.count < most, limit.map({ attempt <= $0 }) ?? true {
            times.append(at)
            at = at + policy.duration(forAttempt: attempt, using: &random)
            attempt += 1
        }
        return times
    }

    /// A random source that always answers the middle of its range: jitter at its expected value.
    struct MidpointRandom: RandomNumberGenerator {
        mutating func next() -> UInt64 { UInt64.max / 2 }
    }
}
