import AJTop
import AsyncJobs
import Foundation
import Testing

/// A home screen that uses its space: the totals line over every queue, and the latest state changes in
/// the rows the queue table leaves.
@Suite struct HomeScreenTests {
    func lines(_ model: Model) -> [String] { ScreenTests().lines(model) }

    static let events = [
        EventsScreenTests.event(41, "2NxAAAAAAAAAAAAAAAAAAAAAAAA", .retry, tries: 1, error: "smtp timeout"),
        EventsScreenTests.event(42, "2NxBBBBBBBBBBBBBBBBBBBBBBBB", .complete, queue: "reports", tries: 1),
    ]

    func home(size: Size = Size(width: 80, height: 24)) -> Model {
        var model = Fixtures.home([ScreenTests.emails, ScreenTests.reports], size: size)
        // In a minute: 30 enqueued, 57 finished of which 3 failed.
        let finished = FinishedCounts(completed: Array(repeating: 0, count: 11) + [54], failed: Array(repeating: 0, count: 11) + [3],
                                      arrived: Array(repeating: 0, count: 11) + [30])
        _ = model.update(.loaded(model.loadRequest, .queues(QueuesData(
            summaries: [ScreenTests.emails, ScreenTests.reports], finished: ["emails": finished], latestEvents: Self.events)),
            at: Fixtures.now))
        return model
    }

    @Test func totalsAddEveryQueueUpWithRatesAndTheErrorRate() {
        let model = home()
        let screen = lines(model)
        #expect(screen[1] == "all: ready 12  active 5/7  retry 4  failed 3  in 0.5/s  out 1.0/s  err 5%")
        let buffer = AppView.render(model)
        #expect(buffer.styles(in: Rect(x: 0, y: 1, width: 4, height: 1)) == [.columnTitle])
        #expect(buffer.styles(in: Rect(x: 15, y: 1, width: 10, height: 1)) == [.ok], "5 of 7 slots, as the gauge reads it")
        for text in ["failed 3", "err 5%"] {
            let x = screen[1].range(of: text).map { screen[1].distance(from: screen[1].startIndex, to: $0.lowerBound) } ?? 0
            #expect(buffer.styles(in: Rect(x: x, y: 1, width: text.count, height: 1)) == [.danger], "\(text)")
        }
    }

    @Test func theRowsBelowTheQueuesShowTheLatestEvents() {
        let screen = lines(home())
        #expect(Array(screen[2...8]) == [
            " QUEUE      P READY  ACTIVE RETRY FAILED ERR% THROUGHPUT 60s     P95WAIT OLDEST",
            "▶emails          12     3/5     4      3   5% ···········█ 0.9/s       —  1m02s",
            " reports    ‖     0     2/2     0      0    -  idle                    —      -",
            "",
            "Latest events (3: all, pausable)",
            "11:59:41 ↻ retry      emails   2NxAAAAAAAAAAAAAAAAAAAAAAAA  email:send  smtp tim",
            "11:59:42 ✓ complete   reports  2NxBBBBBBBBBBBBBBBBBBBBBBBB  email:send",
        ])
    }

    @Test func aShortTerminalKeepsItsRowsForTheQueues() {
        // 8 rows: the chrome takes 3 and the totals 1; the table needs 3, so no pane of at least 4 fits.
        let screen = lines(home(size: Size(width: 80, height: 8)))
        #expect(!screen.contains { $0.hasPrefix("Latest events") })
        #expect(screen[4].hasPrefix(" reports"))
    }

    @Test func anInRateCountedOnlyInPartSaysItIsALowerBound() {
        var model = Fixtures.home([ScreenTests.emails])
        let capped = FinishedCounts(completed: Array(repeating: 0, count: 12), failed: Array(repeating: 0, count: 12),
                                    arrived: Array(repeating: 0, count: 11) + [2_000], arrivedIsLowerBound: true)
        _ = model.update(.loaded(model.loadRequest, .queues(QueuesData(summaries: [ScreenTests.emails],
                                                                       finished: ["emails": capped])), at: Fixtures.now))
        #expect(lines(model)[1].contains("  in ≥33/s  "))
    }

    @Test func totalsSaturateAnUnlimitedCapacity() {
        let unlimited = QueueSummary(queue: Queue(name: "bulk", maxConcurrent: Int.max), counts: [:], active: 1, ready: 0,
                                     scheduled: 0, oldestReady: nil)
        let totals = QueuesData(summaries: [unlimited, ScreenTests.emails], finished: [:]).totals(window: .seconds(60))
        #expect(totals.capacity == Int.max && totals.active == 4)
    }
}
