/// A retry schedule of fixed intervals with jitter, asyncjobs' `RetryPolicy`.
///
/// After attempt `n` fails, with `d = intervals[min(n, count - 1)]`, the delay is
/// `d * jitter + random(0 ..< d)` rounded to milliseconds, or `intervals[0]` if that is zero.
public struct IntervalRetryPolicy: RetryPolicy, Hashable {
    /// The base intervals, indexed by failed attempt number.
    public let intervals: [Duration]
    /// The fraction of the interval always waited; the random part adds up to one more interval.
    public let jitter: Double

    /// Creates a policy from explicit intervals (at least one).
    public init(intervals: [Duration], jitter: Double) {
        precondition(!intervals.isEmpty, "a retry policy needs at least one interval")
        self.intervals = intervals
        self.jitter = jitter
    }

    /// Evenly spaced intervals: `interval[i] = min + i * (max - min) / steps` (integer nanoseconds, as Go).
    public init(linearSteps steps: Int, min: Duration, max: Duration, jitter: Double) {
        let (low, high) = min <= max ? (min, max) : (max, min)
        let step = (high.nanoseconds - low.nanoseconds) / Int64(Swift.max(steps, 1))
        let intervals = (0..<Swift.max(steps, 1)).map { Duration.nanoseconds(low.nanoseconds + Int64($0) * step) }
        self.init(intervals: intervals, jitter: jitter)
    }

    /// Intervals `initial * factor^i`, capped at `max`.
    public init(exponentialSteps steps: Int, initial: Duration, factor: Double, max: Duration, jitter: Double) {
        let intervals = (0..<Swift.max(steps, 1)).map { index in
            let value = Double(initial.nanoseconds) * _pow(factor, index)
            return Duration.nanoseconds(Int64(Swift.min(value, Double(max.nanoseconds))))
        }
        self.init(intervals: intervals, jitter: jitter)
    }

    public func duration(forAttempt attempt: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let index = Swift.min(Swift.max(attempt, 0), intervals.count - 1)
        let base = intervals[index].nanoseconds
        guard base > 0 else { return intervals[0] }
        let jittered = Double(base) * jitter + Double(Int64.random(in: 0..<base, using: &random))
        let milliseconds = (jittered / 1e6).rounded()
        guard milliseconds > 0 else { return intervals[0] }
        return .milliseconds(Int64(milliseconds))
    }
}

/// `base` raised to a non-negative whole power, without Foundation.
private func _pow(_ base: Double, _ exponent: Int) -> Double {
    (0..<exponent).reduce(1.0) { value, _ in value * base }
}
