import AJTop
import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

/// A queue's history and latency: `h` on the queue detail shows the throughput and error-rate chart over
/// 1 h, 24 h or 7 d (each press the next window) and the wait and run percentiles; the home screen's rate
/// and P95WAIT column.
@Suite struct HistoryPaneTests {
    func lines(_ model: Model) -> [String] { ScreenTests().lines(model) }

    static let minute: Duration = .seconds(60)

    /// A row of `type` in emails for the minute `back` before the fixed now's minute.
    static func row(_ type: String = "email:send", back: Duration, completed: Int = 0, failed: Int = 0, retried: Int = 0,
                    waits: [Duration] = [], runs: [Duration] = []) -> MinuteStats {
        var wait = LatencyHistogram()
        for duration in waits { wait.record(duration) }
        var run = LatencyHistogram()
        for duration in runs { run.record(duration) }
        return MinuteStats(queue: "emails", type: type, minute: MinuteStats.minute(containing: Fixtures.now - back),
                           completed: completed, failed: failed, retried: retried, wait: wait, run: run)
    }

    // MARK: Update: keys → state

    @Test func hShowsTheHistoryAndCyclesItsWindowThenEscReturnsToTheTasks() {
        var model = Fixtures.queueDetail(ScreenTests.tasks)
        var windows: [HistoryWindow?] = []
        var requests: [LoadRequest] = []
        for _ in 0..<4 {
            let effects = model.update(.key(.character("h")))
            windows.append(model.queueDetail?.history)
            if case .load(let request, true) = effects.first { requests.append(request) }
        }
        #expect(windows == [.hour, .day, .week, .hour])
        // 74 bars on 80 columns: a minute per bar for an hour, 30 minutes for a day, 3 hours for a week.
        #expect(requests == [
            .queueStats(queue: "emails", window: .hour, bucket: .seconds(60)),
            .queueStats(queue: "emails", window: .day, bucket: .seconds(1800)),
            .queueStats(queue: "emails", window: .week, bucket: .seconds(10_800)),
            .queueStats(queue: "emails", window: .hour, bucket: .seconds(60)),
        ])
        let back = model.update(.key(.escape))
        #expect(model.queueDetail?.history == nil && model.route == .queueDetail("emails"))
        guard case .load(.queueDetail, true) = back.first else {
            Issue.record("Esc reloads the tasks: \(back)")
            return
        }
        _ = model.update(.key(.escape))
        #expect(model.route == .queues)
    }

    @Test func aWiderTerminalGetsNarrowerBuckets() {
        #expect(HistoryWindow.allCases.map { $0.bucket(forColumns: 114) } == [.seconds(60), .seconds(900), .seconds(7200)])
        #expect(HistoryWindow.allCases.map { $0.bucket(forColumns: 74) } == [.seconds(60), .seconds(1800), .seconds(10_800)])
        // Too narrow for even 12-hour buckets over a week: the widest, with bars cut at the left.
        #expect(HistoryWindow.week.bucket(forColumns: 5) == .seconds(43_200))
    }

    @Test func theHistoryPaneHidesTheTasksFromTaskKeys() {
        var model = Fixtures.queueDetail(ScreenTests.tasks)
        _ = model.update(.key(.character("h")))
        for key in [Key.character(" "), .character("r"), .character("t"), .enter, .character("*")] {
            #expect(model.update(.key(key)).isEmpty, "\(key)")
            #expect(model.status?.isError == true, "\(key) says why it does nothing")
        }
        #expect(model.queueDetail?.marked.isEmpty == true)
        // Tab goes back to the tasks, on the next state tab.
        _ = model.update(.key(.tab))
        #expect(model.queueDetail?.history == nil && model.queueDetail?.tab == .new)
    }

    @Test func hOutsideAQueueSaysWhereItWorks() {
        var model = Fixtures.home([ScreenTests.emails])
        #expect(model.update(.key(.character("h"))).isEmpty)
        #expect(model.status == Model.Status("h shows a queue's history: open a queue first", isError: true))
    }

    @Test func helpListsTheHistoryKey() {
        let help = HelpScreen.lines(.standard, readOnly: false).map(\.text)
        #expect(help.contains { $0.hasPrefix("  h        a queue's history and latency; again: 1h → 24h → 7d (Esc: its tasks)") })
        #expect(help.contains { $0.contains("P95WAIT") })
    }

    // MARK: Pure pieces: buckets, percentiles, formats

    @Test func bucketsStartOnRoundTimesAndTheLastHoldsTheCurrentMinute() {
        let rows = [
            Self.row(back: .zero, completed: 5, failed: 1),
            Self.row(back: .seconds(29 * 60), completed: 2, retried: 2),
            Self.row("email:bulk", back: .seconds(31 * 60), completed: 7),
            Self.row(back: .seconds(25 * 3600), completed: 100),
        ]
        let history = HistoryBuckets(rows, endingAt: Fixtures.now + .seconds(10), span: HistoryWindow.day.span, bucket: .seconds(1800))
        #expect(history.completed.count == 48)
        #expect(history.start == Fixtures.now - .seconds(47 * 1800))
        #expect(history.end == Fixtures.now + .seconds(1800))
        #expect(Array(history.completed.suffix(3)) == [7, 2, 5])
        #expect(Array(history.errors.suffix(3)) == [0, 2, 1])
        // 2 of 4 attempts went wrong: 500 ‰; 1 of 6: 167 ‰ (rounded up, so no error reads as none).
        #expect(Array(history.errorPermille.suffix(3)) == [0, 500, 167])
        #expect(history.completed.reduce(0, +) == 14, "the row of 25 hours ago is outside the day")
    }

    @Test func latencyTableHasTheQueueThenTypesBusiestFirst() throws {
        let rows = [
            Self.row(back: .zero, waits: [.milliseconds(10), .milliseconds(12)], runs: [.seconds(3)]),
            Self.row(back: .seconds(30 * 60), waits: Array(repeating: .milliseconds(800), count: 20), runs: [.seconds(60)]),
            Self.row("email:bulk", back: .seconds(2 * 60), waits: [.microseconds(820)]),
            Self.row("email:old", back: .seconds(2 * 3600), waits: [.seconds(1)]),
        ]
        let table = LatencyRow.table(rows, now: Fixtures.now)
        #expect(table.map(\.type) == [nil, "email:send", "email:bulk"], "email:old had nothing in the last hour")
        // The last 5 minutes: three waits, 820µs, 10ms and 12ms; the hour adds twenty of 800ms.
        #expect(table[0].recent.wait.samples == 3 && table[0].hour.wait.samples == 23)
        #expect(table[0].recent.wait.p50.map(Format.latency) == "10ms")
        let p95 = try #require(table[0].hour.wait.p95)
        #expect(abs(p95.seconds - 0.8) <= 0.8 * LatencyHistogram.relativeError, "\(p95)")
        #expect(table[2].recent.run == .none && table[2].hour.run.p99 == nil)
    }

    @Test func latenciesReadCompactly() {
        #expect(Format.latency(nil) == "—")
        #expect(Format.latency(.microseconds(820)) == "820µs")
        #expect(Format.latency(.milliseconds(12)) == "12ms")
        #expect(Format.latency(.milliseconds(3_400)) == "3.4s")
        #expect(Format.latency(.seconds(130)) == "2m10s")
        // Rounded, not cut: a percentile just under a unit reads as the unit.
        #expect(Format.latency(.microseconds(9_960)) == "10ms")
        #expect(Format.latency(.microseconds(999_700)) == "1.0s")
        #expect(Format.latency(.milliseconds(9_960)) == "10s")
    }

    // MARK: --batch --keys

    @Test func aBatchFrameFollowsItsKeysToTheHistory() async throws {
        let clock = ManualClock(start: Fixtures.now)
        let store = MemoryStore(clock: clock)
        try await store.createQueue(Queue(name: "emails"))
        try await store.enqueue([JobTask(type: "email:send", queue: "emails", created: Fixtures.now)])
        clock.advance(by: .milliseconds(40))
        for claim in try await store.claim(queue: "emails", upTo: 1, worker: "w") {
            clock.advance(by: .seconds(2))
            try await store.resolve(claim, .complete(result: "ok"))
        }
        let runner = BatchRunner(store: StoreController(store: store, clock: clock),
                                 config: Model.Config(storeLabel: "memory"), size: Size(width: 80, height: 24), clock: clock,
                                 keys: [.enter, .character("h")])
        let frame = await runner.frame()
        #expect(frame[3] == "History [1h] 24h  7d    h next window  Esc tasks")
        #expect(frame[4] == "1h per 1m: 1 completed  errors 0% of 1 attempts")
        // The memory store timed the attempt: 40 ms waiting, 2 s running (read back within the histogram's 5 %).
        #expect(frame.contains(" all types               5m       41ms    41ms    41ms     2.1s    2.1s    2.1s"), "\(frame)")
    }

    // MARK: The cache: old minutes are read once

    @Test func theCacheReadsOnlyTheNewestMinutesAgainAndTheOlderPartOnceWhenTheWindowWidens() async throws {
        var reads: [(Timestamp, Timestamp)] = []
        let all = [Self.row(back: .seconds(3 * 86_400), completed: 9), Self.row(back: .seconds(90), completed: 4),
                   Self.row(back: .zero, completed: 1, waits: [.seconds(1)])]
        func read(_ from: Timestamp, _ to: Timestamp) -> [MinuteStats] {
            reads.append((from, to))
            return MinuteStats.within(all, from: from, to: to)
        }
        let minute = MinuteStats.minute(containing: Fixtures.now)
        var cache = MinuteStatsCache(queue: "emails", now: Fixtures.now)
        var rows = try await cache.rows(from: Fixtures.now - .seconds(3600), now: Fixtures.now) { read($0, $1) }
        #expect(rows.map(\.completed) == [4, 1])
        #expect(reads.count == 1 && reads[0] == (minute - .seconds(3600), minute + Self.minute))
        // A second later: only the previous and the current minute are read again.
        reads = []
        rows = try await cache.rows(from: Fixtures.now - .seconds(3600), now: Fixtures.now + .seconds(1)) { read($0, $1) }
        #expect(rows.map(\.completed) == [4, 1])
        #expect(reads.count == 1 && reads[0] == (minute - Self.minute, minute + Self.minute))
        // Widening to a week reads the older part once, then only the newest minutes again.
        reads = []
        rows = try await cache.rows(from: Fixtures.now - .seconds(7 * 86_400), now: Fixtures.now + .seconds(2)) { read($0, $1) }
        #expect(rows.map(\.completed) == [9, 4, 1])
        #expect(reads.first.map { $0 == (minute - .seconds(7 * 86_400), minute - .seconds(3600)) } == true)
        reads = []
        _ = try await cache.rows(from: Fixtures.now - .seconds(7 * 86_400), now: Fixtures.now + .seconds(3)) { read($0, $1) }
        #expect(reads.count == 1 && reads[0].0 == minute - Self.minute)
        // Rows older than the latency hour keep their counts and drop their histograms.
        let later = Fixtures.now + .seconds(2 * 3600)
        rows = try await cache.rows(from: later - .seconds(7 * 86_400), now: later) { read($0, $1) }
        #expect(rows.map(\.completed) == [9, 4, 1] && rows.allSatisfy { $0.wait.isEmpty })
    }
}

/// The history pane rendered into a cell buffer at 80x24.
@Suite struct HistoryPaneScreenTests {
    func lines(_ model: Model) -> [String] { ScreenTests().lines(model) }

    /// Queue detail of emails in the history pane at `window`, with a day of rows loaded.
    static func pane(_ window: HistoryWindow, size: Size = Size(width: 80, height: 24)) -> Model {
        var model = Fixtures.queueDetail(ScreenTests.tasks, size: size)
        while model.queueDetail?.history != window { _ = model.update(.key(.character("h"))) }
        guard case .queueStats(_, _, let bucket) = model.loadRequest else { return model }
        let rows = [
            HistoryPaneTests.row(back: .zero, completed: 40, failed: 1, retried: 3,
                                 waits: [.milliseconds(10), .milliseconds(12)], runs: [.milliseconds(3_400)]),
            HistoryPaneTests.row(back: .seconds(3 * 60), completed: 20, waits: [.microseconds(820)], runs: [.seconds(130)]),
            HistoryPaneTests.row("email:bulk", back: .seconds(20 * 60), completed: 10, retried: 10, waits: [.seconds(2)]),
            HistoryPaneTests.row(back: .seconds(12 * 3600), completed: 80),
            HistoryPaneTests.row(back: .seconds(3 * 86_400), completed: 60, failed: 20),
        ]
        let summary = Fixtures.summary("emails", active: 1, scheduled: 1, counts: [.retry: 1, .active: 1])
        let data = QueueStatsData(summary: summary, window: window,
                                  history: HistoryBuckets(rows, endingAt: Fixtures.now, span: window.span, bucket: bucket),
                                  latency: LatencyRow.table(rows, now: Fixtures.now))
        _ = model.update(.loaded(model.loadRequest, .queueStats(data), at: Fixtures.now))
        return model
    }

    @Test func theDayChartAndTheLatencyTable() {
        let model = Self.pane(.day)
        let screen = lines(model)
        // 48 half-hour bars; the tallest (80 completions, 12 hours ago) sets the scale; the current bucket
        // is the rightmost; 3 days ago is outside the day.
        #expect(Array(screen[1...20]) == [
            "Queue emails  active 1/5 ██········  ready 0  scheduled 1",
            "concurrent 5  run time 1h0m0s  tries ∞  max age ∞  entries ∞  discard old no",
            "History  1h [24h] 7d    h next window  Esc tasks",
            "24h per 30m: 150 completed  errors 9% of 164 attempts",
            "   80│                       █",
            "     │                       █",
            "     │                       █                      ▄█",
            " done│·······················█······················██",
            "  25%│                                              █",
            " err%│··············································█▆",
            "      -24h─────-18h────────-12h─────────-6h────────now",
            "",
            " LATENCY                 LAST WAIT p50     p95     p99  RUN p50     p95     p99",
            " all types               5m       10ms    12ms    12ms     3.3s   2m16s   2m16s",
            "                         1h       10ms    2.1s    2.1s     3.3s   2m16s   2m16s",
            " email:send              5m       10ms    12ms    12ms     3.3s   2m16s   2m16s",
            "                         1h       10ms    12ms    12ms     3.3s   2m16s   2m16s",
            " email:bulk              5m          —       —       —        —       —       —",
            "                         1h       2.1s    2.1s    2.1s        —       —       —",
            "",
        ])
        let buffer = AppView.render(model)
        #expect(buffer.styles(in: Rect(x: 12, y: 3, width: 5, height: 1)) == [.tabActive], "[24h]")
        #expect(buffer.styles(in: Rect(x: 29, y: 5, width: 1, height: 4)) == [.ok], "completions")
        #expect(buffer.styles(in: Rect(x: 52, y: 9, width: 1, height: 2)) == [.danger], "the error rate")
        #expect(buffer.styles(in: Rect(x: 1, y: 10, width: 4, height: 1)) == [.danger], "err% names its row without colour")
        #expect([37, 45, 53, 62, 70, 78].allSatisfy { buffer[$0, 18].style == .dim }, "no sample: a dim dash")
    }

    @Test func aWideTerminalGetsNarrowerBucketsAndKeepsTheTableNearItsNames() {
        let screen = lines(Self.pane(.week, size: Size(width: 120, height: 30)))
        #expect(screen[4] == "7d per 2h: 210 completed  errors 14% of 244 attempts")
        #expect(screen[11] == "      -7d───────-6d─────────-5d─────────-4d─────────-3d────────-2d──────────-1d────────now")
        #expect(screen[13] == " LATENCY                                 LAST WAIT p50     p95     p99  RUN p50     p95     p99")
    }

    @Test func anotherWindowsDataIsNotShownUnderTheNewLabel() {
        var model = Self.pane(.day)
        _ = model.update(.key(.character("h")))
        let screen = lines(model)
        #expect(screen[3] == "History  1h  24h [7d]   h next window  Esc tasks")
        #expect(screen[4] == "reading the last 7d…")
    }

    @Test func manyTypesShowAsManyAsFitAndSaySo() {
        var model = Self.pane(.hour)
        guard var stats = model.queueDetail?.stats else { Issue.record("no stats"); return }
        stats.latency += (1...6).map { LatencyRow(type: "extra:\($0)", recent: .none, hour: .none) }
        _ = model.update(.loaded(model.loadRequest, .queueStats(stats), at: Fixtures.now))
        let screen = lines(model)
        #expect(screen[13].hasPrefix(" LATENCY (3 of 8 types)"))
        #expect(screen[20].hasPrefix(" extra:1 "))
    }
}
