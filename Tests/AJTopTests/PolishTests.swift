import AJTop
import AsyncJobs
import Foundation
import Testing

/// What a side-by-side with `asynq dash` asked of the dashboard (issue 21), at the cell-buffer level: the
/// queues' make-up and error rate, expiring status lines, retried tasks reading as ready, sub-second
/// durations, full-row selection, the sparkline's scale and results in the Complete tab.
@Suite struct PolishTests {
    func render(_ widget: some Widget, width: Int) -> Buffer {
        var buffer = Buffer(width: width, height: 1)
        widget.render(into: buffer.area, buffer: &buffer)
        return buffer
    }

    func lines(_ model: Model) -> [String] {
        AppView.render(model).lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    static let tasks = [
        Fixtures.task("2NxAAAAAAAAAAAAAAAAAAAAAAAA", state: .retry, tries: 2, error: "smtp timeout"),
        Fixtures.task("2NxBBBBBBBBBBBBBBBBBBBBBBBB", type: "email:bulk", state: .active, tries: 1, age: .seconds(90)),
    ]

    // MARK: 1. the make-up bar and the error rate

    @Test func stateBarNeverFloorsASmallCountToNothing() {
        let bar = QueuesScreen.stateBar(Fixtures.summary("q", active: 2, ready: 4, counts: [.complete: 1_000_000]))
        #expect(bar.cells(width: 10) == [1, 1, 0, 8, 0])
        #expect(render(bar, width: 10).lines == ["█▓░░░░░░░░"])
        // Fewer cells than states present: the first ones in order get a cell each.
        #expect(bar.cells(width: 2) == [1, 1, 0, 0, 0])
        // An empty queue: a dotted track.
        let empty = render(QueuesScreen.stateBar(Fixtures.summary("q")), width: 4)
        #expect(empty.lines == ["····"] && empty.styles(in: empty.area) == [.dim])
    }

    @Test func stateBarSharesInProportionAndReadsWithoutColour() {
        let bar = QueuesScreen.stateBar(Fixtures.summary("q", active: 10, ready: 10, scheduled: 10,
                                                         counts: [.complete: 10, .terminated: 5, .expired: 5]))
        #expect(bar.cells(width: 11) == [3, 2, 2, 2, 2], "the leftmost of equal remainders takes the spare cell")
        let buffer = render(bar, width: 10)
        #expect(buffer.lines == ["██▓▓▒▒░░╳╳"])
        #expect(Set(buffer.lines[0]).count == 5, "one pattern per state")
        #expect(QueuesScreen.stateLegend == "█ active  ▓ ready  ▒ retry scheduled  ░ complete  ╳ failed")
    }

    @Test(arguments: [(0, 0, "-"), (0, 40, "0%"), (1, 4, "25%"), (1, 1000, "<1%"), (999, 1000, ">99%"), (3, 3, "100%")])
    func errorRateIsFailedOverFinished(failed: Int, finished: Int, text: String) {
        #expect(Format.errorRate(failed: failed, finished: finished) == text)
    }

    @Test func helpCarriesTheBarLegendAndTheColumnsScales() {
        let help = HelpScreen.lines(.standard, readOnly: false).map(\.text)
        #expect(help.contains("  STATES bar: █ active  ▓ ready  ▒ retry scheduled  ░ complete  ╳ failed"))
        #expect(help.contains("  ERR%: failed ÷ finished (complete + failed) over the last 60s"))
        #expect(help.filter { TextWidth.of($0) > 80 } == [], "help fits 80 columns")
    }

    // MARK: 2. status lines expire and stay on their screen

    @Test func aMessageClearsAfterAFewSecondsAnErrorAtTheNextKey() {
        var model = Fixtures.queueDetail(Self.tasks)
        let id = Self.tasks[0].id
        _ = model.update(.key(.character("r")))
        _ = model.update(.performed(.retry(taskID: id), error: nil))
        #expect(model.status == Model.Status("retried \(id)"))
        _ = model.update(.tick(Fixtures.now + .seconds(4)))
        #expect(model.status != nil)
        _ = model.update(.tick(Fixtures.now + Model.statusLifetime))
        #expect(model.status == nil)
        #expect(lines(model)[22].isEmpty)

        _ = model.update(.key(.character("p")))
        _ = model.update(.performed(.setPaused(queue: "emails", paused: true), error: "store is locked"))
        _ = model.update(.tick(Fixtures.now + .seconds(60)))
        #expect(model.status?.isError == true, "an error outlives the message lifetime")
        _ = model.update(.key(.down))
        #expect(model.status == nil)
    }

    @Test func aMessageNeverFollowsToAnotherScreen() {
        var model = Fixtures.queueDetail(Self.tasks)
        let id = Self.tasks[0].id
        _ = model.update(.key(.character("r")))
        #expect(model.status?.text == "retrying \(id)…")
        _ = model.update(.key(.escape))
        #expect(model.route == .queues && model.status == nil)
        // The answer of an action asked on another screen: a success stays unsaid, a failure is told.
        _ = model.update(.performed(.retry(taskID: id), error: nil))
        #expect(model.status == nil)
        #expect(lines(model)[22].isEmpty)
        _ = model.update(.key(.enter))
        _ = model.update(.key(.character("t")))
        _ = model.update(.key(.character("y")))
        _ = model.update(.key(.escape))
        _ = model.update(.performed(.terminate(taskID: id), error: "task not found"))
        #expect(model.status == Model.Status("terminate \(id) failed: task not found", isError: true))
    }

    // MARK: 3. a retried task reads as ready

    @Test func aRetriedTaskReadsReadyInTheListAndOnItsScreen() {
        let retried = Fixtures.task("2NxCCCCCCCCCCCCCCCCCCCCCCCC", state: .retry, tries: 0, error: "smtp timeout")
        let list = lines(Fixtures.queueDetail([retried] + Self.tasks))
        #expect(list[5].hasPrefix("▶2NxCCCCCCCCCCCCCCCCCCCCCCCC email:send  ○ ready          0"))
        #expect(list[6].contains("↻ retry"), "a task waiting for its retry delay still says so")
        let attempts = [Attempt(n: 1, worker: "w1", started: Fixtures.now - .seconds(60), ended: Fixtures.now - .seconds(59),
                                outcome: .failed, error: "smtp timeout")]
        let detail = lines(Fixtures.taskDetail(retried, attempts: attempts, nextAttempt: Fixtures.now))
        #expect(detail[1] == "Task 2NxCCCCCCCCCCCCCCCCCCCCCCCC   ○ ready")
        #expect(detail[4] == "  state      ○ ready (retried: its next attempt is due now)")
        #expect(detail.contains("Timeline: ready, its next attempt is due now"))
        #expect(!detail.joined().contains("retry 0"))
    }

    // MARK: 4. sub-second durations

    @Test(arguments: [(Duration.milliseconds(310), "310ms"), (.milliseconds(0), "0ms"), (.milliseconds(2400), "2.4s"),
                      (.seconds(12), "12s"), (.seconds(65), "1m05s")])
    func durationsKeepTheirSubSecondPart(duration: Duration, text: String) {
        #expect(Format.duration(duration) == text)
    }

    @Test func attemptDurationsUnderASecondAreNotZero() {
        let attempts = [Attempt(n: 1, worker: "w1", started: Fixtures.now - .seconds(5),
                                ended: Fixtures.now - .seconds(5) + .milliseconds(310), outcome: .failed, error: "busy")]
        var model = Fixtures.taskDetail(Self.tasks[0], attempts: attempts)
        for _ in 0..<20 { _ = model.update(.key(.down)) }
        #expect(lines(model).contains("  #1  2026-01-01 11:59:55   310ms  ✗ failed      busy"))
    }

    // MARK: 5. the selection spans the row

    @Test func queueDetailSelectionSpansTheWholeRow() {
        let buffer = AppView.render(Fixtures.queueDetail(Self.tasks.reversed()))
        // The selected task has no error: its empty LAST ERROR cells and the margin are highlighted too.
        #expect(buffer.styles(in: Rect(x: 0, y: 5, width: 80, height: 1)) == [.selectionFocused])
        #expect(buffer[79, 5].style == .selectionFocused)
    }

    @Test func homeSelectionRunsUnderTheBarAndTheSparklineLabel() {
        var model = Fixtures.home([ScreenTests.emails], size: Size(width: 120, height: 30))
        _ = model.update(.loaded(model.loadRequest, .queues(QueuesData(
            summaries: [ScreenTests.emails],
            finished: ["emails": FinishedCounts(completed: Array(repeating: 5, count: 12), failed: Array(repeating: 0, count: 12),
                                                recordedBuckets: 4)])), at: Fixtures.now))
        let buffer = AppView.render(model)
        // Row 1 is the totals line, row 2 the column titles.
        let row = buffer.lines[3]
        let label = row.range(of: " 1.0/s").map { 1 + row.distance(from: row.startIndex, to: $0.lowerBound) } ?? 0
        #expect(label > 0)
        #expect(buffer.styles(in: Rect(x: label - 13, y: 3, width: 8, height: 1)) == [.selectionFocused],
                "the blank before the history")
        #expect(buffer.styles(in: Rect(x: label, y: 3, width: 10, height: 1)) == [.selectionFocused])
        #expect(buffer[119, 3].style == .selectionFocused)
    }

    // MARK: 6. the sparkline's scale and first minute

    @Test func sparklineSaysItsPeakAndLeavesUnrecordedTimeBlank() {
        let counts = FinishedCounts(completed: [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 70, 7], failed: Array(repeating: 0, count: 12),
                                    recordedBuckets: 3)
        // 80 completions over the 15 s recorded: 5.3/s; the tallest bar, 70 in 5 s, is 14/s.
        let wide = render(ThroughputWidget(counts: counts, bucket: .seconds(5)), width: 29)
        #expect(wide.lines == ["         ▁█▁ 5.3/s peak 14/s "])
        #expect(wide.styles(in: Rect(x: 0, y: 0, width: 9, height: 1)) == [.normal])
        #expect(render(ThroughputWidget(counts: counts, bucket: .seconds(5)), width: 18).lines == ["         ▁█▁ 5.3/s"])
        let idle = FinishedCounts(completed: Array(repeating: 0, count: 12), failed: Array(repeating: 0, count: 12))
        let idleBuffer = render(ThroughputWidget(counts: idle, bucket: .seconds(5)), width: 18)
        #expect(idleBuffer.lines == ["············ idle "])
        #expect(idleBuffer.styles(in: idleBuffer.area) == [.dim, .normal])
    }

    @Test(arguments: [(0.2, "0.2/s"), (4.46, "4.5/s"), (14, "14/s"), (999, "999/s"), (12_345, "12k/s")])
    func ratesFitSixColumns(perSecond: Double, text: String) {
        #expect(Format.rate(perSecond) == text)
    }

    @Test func recordedBucketsCountFromTheFirstEvent() {
        let now = Fixtures.now
        #expect(FinishedCounts.recorded(buckets: 12, bucket: .seconds(5), now: now, firstEvent: nil) == 0)
        #expect(FinishedCounts.recorded(buckets: 12, bucket: .seconds(5), now: now, firstEvent: now) == 1)
        #expect(FinishedCounts.recorded(buckets: 12, bucket: .seconds(5), now: now, firstEvent: now - .seconds(12)) == 3)
        #expect(FinishedCounts.recorded(buckets: 12, bucket: .seconds(5), now: now, firstEvent: now - .seconds(3600)) == 12)
    }

    // MARK: 7. results in the Complete tab, errors in Expired and Terminated

    func detail(on tab: StateTab, _ tasks: [JobTask]) -> Model {
        var model = Fixtures.queueDetail(tasks, summary: Fixtures.summary("emails", counts: [.complete: 1, .terminated: 1]))
        while model.queueDetail?.tab != tab { _ = model.update(.key(.tab)) }
        let data = QueueDetailData(summary: Fixtures.summary("emails", counts: [.complete: 1, .terminated: 1]),
                                   tasks: tasks, offset: 0, matching: tasks.count, retriesDue: [])
        _ = model.update(.loaded(model.loadRequest, .queueDetail(data), at: Fixtures.now))
        return model
    }

    @Test func completeTabShowsEachResultShortened() {
        var done = Fixtures.task("2NxDDDDDDDDDDDDDDDDDDDDDDDD", state: .complete, tries: 1)
        done.result = TaskResult(payload: ["sent": true, "message_id": "<20260101.abcdef@mail.example.com>"],
                                 completed: Fixtures.now - .seconds(3))
        let screen = lines(detail(on: .complete, [done]))
        #expect(screen[4] == " ID                          TYPE               TRIES   DONE RESULT")
        #expect(screen[5] == ("▶2NxDDDDDDDDDDDDDDDDDDDDDDDD email:send             1     3s {\"message_id\":\"<2…"), "shortened to the column")
        // The whole result is on the task's screen.
        var model = detail(on: .complete, [done])
        _ = model.update(.key(.enter))
        _ = model.update(.loaded(model.loadRequest, .taskDetail(TaskDetailData(task: done, attempts: [])), at: Fixtures.now))
        #expect(lines(model).joined().contains("20260101.abcdef@mail.example.com"))
    }

    @Test func terminatedAndExpiredTabsShowTheLastError() {
        let ended = Fixtures.task("2NxEEEEEEEEEEEEEEEEEEEEEEEE", state: .terminated, tries: 3,
                                  error: "bad payload: missing field \"to\"")
        let quiet = Fixtures.task("2NxFFFFFFFFFFFFFFFFFFFFFFFF", state: .terminated, tries: 0)
        for tab in [StateTab.terminated, .expired] {
            let model = detail(on: tab, [ended, quiet])
            let screen = lines(model)
            #expect(screen[4] == " ID                          TYPE               TRIES    AGE LAST ERROR")
            #expect(screen[5] == "▶2NxEEEEEEEEEEEEEEEEEEEEEEEE email:send             3    30s bad payload: miss…")
            #expect(screen[6] == " 2NxFFFFFFFFFFFFFFFFFFFFFFFF email:send             0    30s -")
            #expect(AppView.render(model).styles(in: Rect(x: 61, y: 6, width: 1, height: 1)) == [.dim])
        }
    }
}
