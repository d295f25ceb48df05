/// Decides how long a failed task waits before its next attempt.
///
/// Conform a type of your own for a custom schedule; the engine calls it after every failed attempt.
public protocol RetryPolicy: Sendable {
    /// The delay before retrying after attempt `attempt` (1-based) failed, using `random` for jitter.
    func duration(forAttempt attempt: Int, using random: inout some RandomNumberGenerator) -> Duration
}

extension RetryPolicy where Self == IntervalRetryPolicy {
    /// 50 steps from 1 to 10 minutes, jitter 0.9: asyncjobs' default.
    public static var linearTenMinutes: IntervalRetryPolicy { .linear(steps: 50, min: .seconds(60), max: .seconds(600), jitter: 0.9) }
    /// 20 steps from 10 to 60 minutes, jitter 0.9.
    public static var linearOneHour: IntervalRetryPolicy { .linear(steps: 20, min: .seconds(600), max: .seconds(3600), jitter: 0.9) }
    /// 20 steps from 1 to 60 seconds, jitter 0.5.
    public static var linearOneMinute: IntervalRetryPolicy { .linear(steps: 20, min: .seconds(1), max: .seconds(60), jitter: 0.5) }
    /// The default policy, `linearTenMinutes`.
    public static var `default`: IntervalRetryPolicy { linearTenMinutes }

    /// Evenly spaced intervals: `interval[i] = min + i * (max - min) / steps`.
    public static func linear(steps: Int, min: Duration, max: Duration, jitter: Double) -> IntervalRetryPolicy {
        IntervalRetryPolicy(linearSteps: steps, min: min, max: max, jitter: jitter)
    }

    /// Intervals that grow by `factor` from `initial`, capped at `max`, over `steps` steps.
    public static func exponential(steps: Int, initial: Duration, factor: Double = 2, max: Duration,
                                   jitter: Double) -> IntervalRetryPolicy {
        IntervalRetryPolicy(exponentialSteps: steps, initial: initial, factor: factor, max: max, jitter: jitter)
    }

    /// Explicit intervals with jitter.
    public static func intervals(_ intervals: [Duration], jitter: Double) -> IntervalRetryPolicy {
        IntervalRetryPolicy(intervals: intervals, jitter: jitter)
    }

    /// A preset by the name users type: `10m`/`default`, `1h`, `1m`, or the full `RetryLinear...` name.
    public static func named(_ name: String) -> IntervalRetryPolicy? {
        switch name {
        case "10m", "default", "RetryLinearTenMinutes": .linearTenMinutes
        case "1h", "RetryLinearOneHour": .linearOneHour
        case "1m", "RetryLinearOneMinute": .linearOneMinute
        default: nil
        }
    }
}
