import AJTop
import AsyncJobs
import Foundation
import Testing

/// Retry timelines that read at any scale: the queue's chart of upcoming retries in the window its data
/// needs, and a waiting task's projected attempts, dimmed and labelled.
@Suite struct RetryTimelineScreenTests {
    func lines(_ model: Model) -> [String] { ScreenTests().lines(model) }

    func queueDetail(retriesDue offsets: [Duration]) -> Model {
        let summary = Fixtures.summary("emails", scheduled: offsets.count, counts: [.retry: offsets.count])
        return Fixtures.queueDetail(ScreenTests.tasks, summary: summary, retriesDue: offsets.map { Fixtures.now + $0 })
    }

    @Test func retriesDueWithinSecondsGetAMinuteWideChart() {
        let screen = lines(queueDetail(retriesDue: [.seconds(2), .seconds(3), .seconds(3), .seconds(40)]))
        #expect(Array(screen[18...21]) == [
            "Retries due in the next minute: 4, next in 2s",
            "    █",
            "··█·█················································█··························",
            "now───────────────+15s────────────────+30s────────────────+45s──────────────+60s",
        ])
    }

    @Test func retriesHoursAwayGetADayAndTenMinutesItsOwnTicks() {
        let day = lines(queueDetail(retriesDue: [.seconds(60), .seconds(4 * 3600)]))
        #expect(day[18] == "Retries due in the next day: 2, next in 1m00s")
        #expect(day[21] == "now────────────────+6h────────────────+12h────────────────+18h──────────────+24h")
        let ten = lines(queueDetail(retriesDue: [.seconds(90), .seconds(300)]))
        #expect(ten[18] == "Retries due in the next 10 minutes: 2, next in 1m30s")
        #expect(ten[21] == "now────────────+2m─────────────+4m─────────────+6m─────────────+8m──────────+10m")
    }

    @Test func aWaitingTaskShowsItsProjectedAttemptsDimmed() {
        let attempts = [
            Attempt(n: 1, worker: "w1", started: Fixtures.now - .seconds(120), ended: Fixtures.now - .seconds(118),
                    outcome: .failed, error: "smtp timeout"),
        ]
        let task = Fixtures.task("2NxAAAAAAAAAAAAAAAAAAAAAAAA", state: .retry, tries: 1, error: "smtp timeout")
        var model = Fixtures.taskDetail(task, attempts: attempts, nextAttempt: Fixtures.now + .seconds(60))
        model.config.retryPolicies = ["emails": IntervalRetryPolicy(intervals: [.seconds(30), .seconds(60)], jitter: 0.5)]
        let screen = lines(model)
        let list = screen.firstIndex { $0.hasPrefix("Attempts (1)") }
        #expect(list.map { screen[$0 + 2] } == "  #2  2026-01-01 12:01:00          ◌ scheduled")
        #expect(list.map { screen[$0 + 3] } == "  #3  2026-01-01 12:02:00          ◌ projected, if #2 fails")
        #expect(list.map { screen[$0 + 5] }?.hasPrefix("  (projected by this ajtop's pool policy") == true)
        let heading = screen.firstIndex { $0.hasPrefix("Timeline:") }
        #expect(heading.map { screen[$0 + 2] }?.hasPrefix("projected") == true)
        let buffer = AppView.render(model)
        if let list {
            #expect(buffer.styles(in: Rect(x: 0, y: list + 2, width: 40, height: 2)) == [.dim])
        }
        if let heading {
            let projectedRow = screen[heading + 2]
            #expect(projectedRow.filter { $0 == "◌" }.count == 2, "\(screen)")
        }
    }
}
