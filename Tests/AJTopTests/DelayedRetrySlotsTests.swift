import AJTop
import AsyncJobs
import Testing

/// Slots held by delayed retries (Go workers' `-NAK {"delay"}` on a JetStream store) are shown apart from
/// the running handlers, on the home screen's totals and in the queue's title, and the gauges count them:
/// such a slot is as taken as a running one.
@Suite struct DelayedRetrySlotsTests {
    func lines(_ model: Model) -> [String] { ScreenTests().lines(model) }

    @Test func theQueueTitleTellsDelayedRetriesApartFromRunningHandlers() {
        let summary = Fixtures.summary("emails", max: 4, active: 3, counts: [.active: 3, .retry: 1])
        var model = Fixtures.queueDetail([], summary: summary)
        let request = model.loadRequest
        _ = model.update(.loaded(request, .queueDetail(QueueDetailData(summary: summary, tasks: [], offset: 0, matching: 0,
                                                                       retriesDue: [], delayedRetries: 1)), at: Fixtures.now))
        let screen = lines(model)
        #expect(screen[1] == "Queue emails  active 3/4 +1 delayed ██████████  ready 0  scheduled 0")
        let buffer = AppView.render(model)
        // Three running and one parked fill all four slots.
        #expect(buffer.styles(in: Rect(x: 14, y: 1, width: 20, height: 1)) == [.danger])
        #expect(buffer.styles(in: Rect(x: 35, y: 1, width: 10, height: 1)) == [.danger])
    }

    @Test func theQueueTitleIsUnchangedWithoutDelayedRetries() {
        let summary = Fixtures.summary("emails", max: 4, active: 3, counts: [.active: 3])
        let screen = lines(Fixtures.queueDetail([], summary: summary))
        #expect(screen[1] == "Queue emails  active 3/4 ███████▌··  ready 0  scheduled 0")
    }

    @Test func homeTotalsAddTheDelayedRetriesOfEveryQueue() {
        var model = Fixtures.home([ScreenTests.emails, ScreenTests.reports], size: Size(width: 100, height: 24))
        _ = model.update(.loaded(model.loadRequest, .queues(QueuesData(
            summaries: [ScreenTests.emails, ScreenTests.reports], finished: [:], delayedRetries: ["emails": 1])),
            at: Fixtures.now))
        let screen = lines(model)
        #expect(screen[1] == "all: ready 12  active 5/7 +1 delayed  retry 4  failed 3  in 0.0/s  out 0.0/s  err -")
        // Six of seven slots held: past the gauge's 80%.
        #expect(AppView.render(model).styles(in: Rect(x: 15, y: 1, width: 20, height: 1)) == [.warning])
        let totals = QueuesData(summaries: [ScreenTests.emails, ScreenTests.reports], finished: [:],
                                delayedRetries: ["emails": 1, "reports": 2]).totals(window: .seconds(60))
        #expect(totals.active == 5 && totals.delayed == 3)
    }
}
