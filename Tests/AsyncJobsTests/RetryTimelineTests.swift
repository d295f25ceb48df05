import AsyncJobs
import Testing

/// The pure parts of retry timelines: the window a chart of upcoming retries picks from its data, and the
/// attempts a waiting task's policy and remaining tries would make.
@Suite struct RetryTimelineTests {
    static let now = Timestamp(nanoseconds: 1_767_268_800_000_000_000)

    @Test(arguments: [
        ([Duration.seconds(3), .seconds(59)], RetryWindow.minute),
        ([.seconds(3), .seconds(61)], .tenMinutes),
        ([.seconds(600)], .tenMinutes),
        ([.seconds(601)], .hour),
        ([.seconds(30), .seconds(3500)], .hour),
        ([.seconds(7200)], .day),
        ([.seconds(200_000)], .day),
        ([], .hour),
    ])
    func theWindowIsTheNarrowestHoldingEveryRetry(offsets: [Duration], window: RetryWindow) {
        #expect(RetryWindow.fitting(offsets.map { Self.now + $0 }, now: Self.now) == window)
    }

    @Test func windowsAreNamedAndTicked() {
        #expect(RetryWindow.minute.ticks == [.zero, .seconds(15), .seconds(30), .seconds(45), .seconds(60)])
        #expect(RetryWindow.tenMinutes.ticks == [0, 2, 4, 6, 8, 10].map { .seconds($0 * 60) })
        #expect(RetryWindow.day.ticks.last == .seconds(86_400))
        #expect(RetryWindow.allCases.map(\.name) == ["next minute", "next 10 minutes", "next hour", "next day"])
    }

    /// Intervals of whole milliseconds: at the jitter's midpoint (0.5 + a half) the delay is the interval.
    static let policy = IntervalRetryPolicy(intervals: [.seconds(10), .seconds(20), .seconds(40)], jitter: 0.5)

    @Test func projectionsFollowThePolicyUntilTheTriesRunOut() {
        let next = Self.now + .seconds(5)
        #expect(RetryProjection.attempts(next: next, tries: 0, limit: nil, policy: Self.policy)
                == [next, next + .seconds(20), next + .seconds(60)], "after attempt n fails, interval n")
        #expect(RetryProjection.attempts(next: next, tries: 2, limit: 4, policy: Self.policy)
                == [next, next + .seconds(40)], "two tries left")
        #expect(RetryProjection.attempts(next: next, tries: 3, limit: 4, policy: Self.policy) == [next], "the last try")
        #expect(RetryProjection.attempts(next: next, tries: 4, limit: 4, policy: Self.policy) == [], "none left")
        #expect(RetryProjection.attempts(next: next, tries: 0, limit: nil, policy: Self.policy, most: 1) == [next])
    }
}
