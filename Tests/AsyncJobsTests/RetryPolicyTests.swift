import AsyncJobs
import AsyncJobsTesting
import Testing

@Suite struct RetryPolicyTests {
    @Test func tenMinutesPresetIntervals() {
        let policy = IntervalRetryPolicy.linearTenMinutes
        #expect(policy.intervals.count == 50)
        #expect(policy.intervals[0] == .seconds(60))
        #expect(policy.intervals[1] == .milliseconds(70_800))
        #expect(policy.intervals[49] == .milliseconds(589_200))
        #expect(policy.jitter == 0.9)
    }

    @Test func oneHourAndOneMinutePresets() {
        #expect(IntervalRetryPolicy.linearOneHour.intervals.count == 20)
        #expect(IntervalRetryPolicy.linearOneHour.intervals[1] == .seconds(750))
        #expect(IntervalRetryPolicy.linearOneMinute.intervals[1] == .milliseconds(3_950))
        #expect(IntervalRetryPolicy.linearOneMinute.jitter == 0.5)
    }

    @Test(arguments: 0..<200)
    func tenMinutesDelayAfterFirstFailureStaysInRange(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed))
        let delay = IntervalRetryPolicy.linearTenMinutes.duration(forAttempt: 1, using: &random)
        #expect(delay >= .milliseconds(63_720))
        #expect(delay < .milliseconds(134_520))
    }

    @Test func delayIsExactForAGivenRandomSource() {
        var random = SeededRandom(seed: 42)
        var replay = SeededRandom(seed: 42)
        let base: Int64 = 70_800_000_000
        let expected = (Double(base) * 0.9 + Double(Int64.random(in: 0..<base, using: &replay))) / 1e6
        let delay = IntervalRetryPolicy.linearTenMinutes.duration(forAttempt: 1, using: &random)
        #expect(delay == .milliseconds(Int64(expected.rounded())))
    }

    @Test func attemptsBeyondTheStepsUseTheLastInterval() {
        let policy = IntervalRetryPolicy(intervals: [.seconds(1), .seconds(10)], jitter: 1)
        var random = SeededRandom(seed: 7)
        let delay = policy.duration(forAttempt: 99, using: &random)
        #expect(delay >= .seconds(10) && delay < .seconds(20))
    }

    @Test func zeroDelayFallsBackToTheFirstInterval() {
        let policy = IntervalRetryPolicy(intervals: [.milliseconds(5), .zero], jitter: 0)
        var random = SeededRandom(seed: 1)
        #expect(policy.duration(forAttempt: 1, using: &random) == .milliseconds(5))
    }

    @Test func exponentialPolicyGrowsAndCaps() {
        let policy = IntervalRetryPolicy.exponential(steps: 6, initial: .seconds(1), factor: 2, max: .seconds(10), jitter: 0.5)
        #expect(policy.intervals == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
    }

    @Test(arguments: [("10m", 50), ("default", 50), ("1h", 20), ("1m", 20)])
    func presetsByName(name: String, steps: Int) throws {
        #expect(try #require(IntervalRetryPolicy.named(name)).intervals.count == steps)
    }
}
