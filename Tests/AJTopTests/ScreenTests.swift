import AJTop
import Foundation
import AsyncJobs
import Testing

/// Whole screens rendered into a buffer at 80x24 and compared with the expected text and styles.
@Suite struct ScreenTests {
    func lines(_ model: Model) -> [String] {
        AppView.render(model).lines.map { line in
            var trimmed = Substring(line)
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            return String(trimmed)
        }
    }

    static let emails = Fixtures.summary("emails", max: 5, active: 3, ready: 12, scheduled: 4,
                                         counts: [.complete: 120, .expired: 1, .terminated: 2], oldest: .seconds(62))
    static let reports = Fixtures.summary("reports", max: 2, active: 2, counts: [:], paused: true)

    /// The home screen of emails and reports with a minute of completions (70 in the last 5 s) and, for
    /// emails, a 95th-percentile wait of 820 ms over the last five minutes.
    static func home(size: Size = Size(width: 80, height: 24)) -> Model {
        var model = Fixtures.home([Self.emails, Self.reports], size: size)
        _ = model.update(.loaded(model.loadRequest, .queues(QueuesData(
            summaries: [Self.emails, Self.reports],
            finished: ["emails": FinishedCounts(completed: [0, 2, 4, 8, 0, 0, 0, 0, 0, 0, 0, 70],
                                                failed: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
                       "reports": FinishedCounts(completed: Array(repeating: 0, count: 12),
                                                 failed: Array(repeating: 0, count: 12), recordedBuckets: 3)],
            waitP95: ["emails": .milliseconds(820)])),
            at: Fixtures.now))
        return model
    }

    @Test func homeShowsEachQueueWithDepthActiveOverMaxAndAGauge() {
        let model = Self.home()
        let screen = lines(model)
        // 84 completions in the minute: 1.4/s beside the sparkline. At 80 columns the STATES bar gives way
        // to P95WAIT.
        #expect(Array(screen.prefix(5)) == [
            "ajtop  Queues  store /tmp/test.db                12:00:00  refresh 1s  pool off",
            "all: ready 12  active 5/7  retry 4  failed 3  in 0.0/s  out 1.4/s  err 1%",
            " QUEUE      P READY  ACTIVE RETRY FAILED ERR% THROUGHPUT 60s     P95WAIT OLDEST",
            "▶emails          12     3/5     4      3   1% ·▁▁▁·······█ 1.4/s   820ms  1m02s",
            " reports    ‖     0     2/2     0      0    -          ··· idle        —      -",
        ])
        #expect(screen[5...21].allSatisfy { $0.isEmpty })
        #expect(screen[23] == "? help  ↓/j move  Enter open  / filter  p pause  + max+  - max-  q quit/back")
        let buffer = AppView.render(model)
        #expect(buffer.styles(in: Rect(x: 0, y: 0, width: 80, height: 1)) == [.header])
        #expect(buffer.styles(in: Rect(x: 0, y: 3, width: 46, height: 1)) == [.selectionFocused])
        // Saturation reads as danger; the pause mark is a warning; buckets before the history are blank;
        // a queue without a wait sample has a dim dash.
        #expect(buffer.styles(in: Rect(x: 24, y: 4, width: 3, height: 1)) == [.danger])
        #expect(buffer[12, 4].style == .warning)
        #expect(buffer.styles(in: Rect(x: 55, y: 4, width: 3, height: 1)) == [.dim])
        #expect(buffer.styles(in: Rect(x: 41, y: 4, width: 4, height: 1)) == [.dim])
        #expect(buffer.styles(in: Rect(x: 65, y: 4, width: 7, height: 1)) == [.dim])
        #expect(buffer[0, 23].style == .keyHint)
    }

    @Test func homeAt120ColumnsAddsTheLoadGaugeCompletionsAndTheStatesBar() {
        let model = Self.home(size: Size(width: 120, height: 30))
        let screen = lines(model)
        #expect(screen[2] == " QUEUE           P READY  ACTIVE LOAD     RETRY COMPLETE FAILED ERR% STATES           "
                + "THROUGHPUT 60s     P95WAIT OLDEST")
        #expect(screen[3] == "▶emails               12     3/5 ████▊···     4      120      3   1% █▓▓▒▒░░░░░░░░░░╳ "
                + "·▁▁▁·······█ 1.4/s   820ms  1m02s")
        #expect(screen[4] == " reports         ‖     0     2/2 ████████     0        0      0    - ████████████████ "
                + "         ··· idle        —      -")
        let buffer = AppView.render(model)
        // The make-up bar: one pattern and meaning per state, so it reads in monochrome too.
        let bar = 69
        #expect(buffer.styles(in: Rect(x: bar, y: 3, width: 1, height: 1)) == [.active])
        #expect(buffer.styles(in: Rect(x: bar + 3, y: 3, width: 2, height: 1)) == [.retryScheduled])
        #expect(buffer.styles(in: Rect(x: bar + 5, y: 3, width: 10, height: 1)) == [.ok])
        #expect(buffer.styles(in: Rect(x: bar + 15, y: 3, width: 1, height: 1)) == [.danger])
        // From 130 columns the peak rate, the scale of the tallest bar, follows the rate.
        let wide = lines(Self.home(size: Size(width: 130, height: 30)))
        #expect(wide[3].contains("·▁▁▁·······█ 1.4/s peak 14/s   820ms  1m02s"))
    }

    @Test func homeBeforeDataAndWithoutQueuesSaysSo() {
        #expect(lines(Fixtures.model())[3] == " loading…")
        #expect(lines(Fixtures.home([]))[3] == " no queues yet: create one with `ajc queue add NAME`")
    }

    @Test func staleDataIsMarkedWithItsAge() {
        var model = Fixtures.home([Self.emails])
        _ = model.update(.tick(Fixtures.now + .seconds(12)))
        #expect(lines(model)[0] == "ajtop  Queues  store /tmp/test.db    ! stale 12s 12:00:12  refresh 1s  pool off")
        #expect(AppView.render(model).styles(in: Rect(x: 37, y: 0, width: 11, height: 1)) == [.warning])
    }

    static let tasks = [
        Fixtures.task("2NxAAAAAAAAAAAAAAAAAAAAAAAA", state: .retry, tries: 2, error: "smtp timeout"),
        Fixtures.task("2NxBBBBBBBBBBBBBBBBBBBBBBBB", type: "email:bulk", state: .active, tries: 1, age: .seconds(90)),
    ]

    @Test func queueDetailShowsSettingsTabsTasksAndRetryTimeline() {
        let summary = Fixtures.summary("emails", active: 1, scheduled: 1, counts: [.retry: 1, .active: 1])
        let model = Fixtures.queueDetail(Self.tasks, summary: summary,
                                         retriesDue: [Fixtures.now + .seconds(120), Fixtures.now + .seconds(1500)])
        let screen = lines(model)
        #expect(Array(screen.prefix(7)) == [
            "ajtop  Queue  store /tmp/test.db                 12:00:00  refresh 1s  pool off",
            "Queue emails  active 1/5 ██········  ready 0  scheduled 1",
            "concurrent 5  run time 1h0m0s  tries ∞  max age ∞  entries ∞  discard old no",
            "[all 2] new 0  active 1  retry 1  complete 0  expired 0  terminated 0   1-2 of 2",
            " ID                          TYPE        STATE        TRIES    AGE LAST ERROR",
            "▶2NxAAAAAAAAAAAAAAAAAAAAAAAA email:send  ↻ retry          2    30s smtp timeout",
            " 2NxBBBBBBBBBBBBBBBBBBBBBBBB email:bulk  ▶ active         1  1m30s",
        ])
        #expect(Array(screen[18...21]) == [
            "Retries due in the next hour: 2, next in 2m00s",
            "  █                              █",
            "··█······························█··············································",
            "now───────────────+15m────────────────+30m────────────────+45m──────────────+60m",
        ])
        #expect(screen[23] == "? help  Enter open  Esc back  Tab tab  / filter  r retry  t terminate  p pause")
        let buffer = AppView.render(model)
        #expect(buffer.styles(in: Rect(x: 2, y: 19, width: 1, height: 2)) == [.retryScheduled])
        #expect(buffer.styles(in: Rect(x: 0, y: 3, width: 7, height: 1)) == [.tabActive])
        #expect(buffer.styles(in: Rect(x: 41, y: 6, width: 8, height: 1)) == [.active])
    }

    @Test func searchShowsItsNumberOfMatchesOverTheWholeQueue() {
        var model = Fixtures.queueDetail(Self.tasks)
        _ = model.update(.key(.character("/")))
        for character in "ada@" { _ = model.update(.key(.character(character))) }
        _ = model.update(.key(.enter))
        // The page holds two rows; the store counted every match of the queue.
        _ = model.update(.loaded(model.loadRequest, .queueDetail(QueueDetailData(
            summary: Fixtures.summary("emails", counts: [.new: 20_000]), tasks: Self.tasks, offset: 0, matching: 12_408,
            retriesDue: [])), at: Fixtures.now))
        let screen = lines(model)
        #expect(screen[3].hasSuffix("/ada@: 12,408 matches  1-2 of 12,408"))
        let buffer = AppView.render(model)
        #expect(buffer.styles(in: Rect(x: 80 - 36, y: 3, width: 36, height: 1)) == [.warning])
    }

    @Test func queueDetailTabsKeepTheActiveTabVisible() {
        var model = Fixtures.queueDetail(Self.tasks)
        for _ in 0..<7 { _ = model.update(.key(.tab)) }
        #expect(model.queueDetail?.tab == .other)
        _ = model.update(.loaded(model.loadRequest, .queueDetail(QueueDetailData(
            summary: Fixtures.summary("emails", counts: [.new: 2]), tasks: [], offset: 0, matching: 0, retriesDue: [])),
            at: Fixtures.now))
        let screen = lines(model)
        #expect(screen[3] == "‹ new 2  active 0  retry 0  complete 0  expired 0  terminated 0 [other 0] 0 of 0")
        #expect(screen[5] == " no other tasks")
    }

    @Test func taskDetailCountsDownToTheNextRetryOnTheTimeline() {
        let attempts = [
            Attempt(n: 1, worker: "w1", started: Fixtures.now - .seconds(120), ended: Fixtures.now - .seconds(118),
                    outcome: .timeout, error: "ran past MaxRunTime"),
        ]
        let task = Fixtures.task("2NxAAAAAAAAAAAAAAAAAAAAAAAA", state: .retry, tries: 1, error: "ran past MaxRunTime")
        let model = Fixtures.taskDetail(task, attempts: attempts, nextAttempt: Fixtures.now + .seconds(120))
        let screen = lines(model)
        let heading = screen.firstIndex { $0.hasPrefix("Timeline:") }
        #expect(heading.map { screen[$0] } == "Timeline: next retry in 2m00s at 2026-01-01 12:02:00 (1 tries so far)")
        #expect(heading.map { screen[$0 + 1] } == "⧖")
        // Then the two attempts after the scheduled one, projected by the default policy (see
        // RetryTimelineScreenTests), which widen the axis past the retry.
        #expect(heading.map { screen[$0 + 2] }
                == "projected                                                 ◌                    ◌")
        #expect(heading.map { screen[$0 + 3] }
                == "11:58:00──────────now───────────retry 12:02:00──────────────────────────12:06:03")
    }

    @Test func aRetryDueAlmostNowDoesNotCollideWithTheNowLabelAndQueueLimitsTries() {
        let attempts = [Attempt(n: 1, worker: "w1", started: Fixtures.now - .seconds(120), ended: Fixtures.now - .seconds(118),
                                outcome: .failed, error: "busy")]
        let task = Fixtures.task("2NxAAAAAAAAAAAAAAAAAAAAAAAA", state: .retry, tries: 1, error: "busy")
        var model = Fixtures.taskDetail(task, attempts: attempts)
        let data = TaskDetailData(task: task, attempts: attempts, queue: Queue(name: "emails", maxTries: 3),
                                  nextAttempt: Fixtures.now + .seconds(2))
        _ = model.update(.loaded(model.loadRequest, .taskDetail(data), at: Fixtures.now))
        let screen = lines(model)
        #expect(screen.contains("  tries      1 of 3"))
        let axis = screen.first { $0.hasPrefix("11:58:00") } ?? ""
        // One try left after the scheduled one (the queue allows 3): a single projection closes the axis.
        #expect(axis == "11:58:00──────────────────────────retry 12:00:02────────────────────────12:01:56")
        #expect(!axis.contains("now"))
    }

    @Test func schedulesScreenShowsEachScheduleWithItsNextFireAndTheLeader() {
        var model = Fixtures.home([])
        _ = model.update(.key(.character("4")))
        let created = Fixtures.now - .seconds(150)
        var tick = ScheduledTask(name: "tick", schedule: "@every 1m", queue: "emails", taskType: "email:send", createdAt: created)
        tick.lastFire = created + .seconds(120)
        tick.lastTaskID = "t1"
        let nightly = ScheduledTask(name: "nightly", schedule: "0 2 * * *", timeZone: "Europe/Paris", queue: "reports",
                                    taskType: "report", createdAt: created)
        let leader = Leadership(election: Scheduler.election, leader: "host:42:s1", term: 3, expires: Fixtures.now + .seconds(7))
        _ = model.update(.loaded(.schedules, .schedules(SchedulesData(schedules: [nightly, tick], leadership: leader)), at: Fixtures.now))
        let screen = lines(model)
        #expect(screen[0].hasPrefix("ajtop  Schedules"))
        #expect(screen[1] == "Leader: host:42:s1  term 3  lease 7s left")
        #expect(screen[3].hasPrefix(" NAME"))
        #expect(screen[3].contains("NEXT FIRE") && screen[3].contains("LAST FIRE"), "\(screen[3])")
        #expect(screen[4].contains("nightly") && screen[4].contains("0 2 * * * Europe/Paris") && screen[4].contains("01:00:00 in 13h00m"),
                "\(screen[4])")
        #expect(screen[5].contains("tick") && screen[5].contains("@every 1m UTC") && screen[5].contains("12:00:30 in 30s")
                && screen[5].contains("30s ago"), "\(screen[5])")
        _ = model.update(.loaded(.schedules, .schedules(SchedulesData(schedules: [], leadership: nil)), at: Fixtures.now))
        #expect(lines(model)[1].hasPrefix("Leader: none — no scheduler has run"))
    }

    @Test func taskDetailShowsDependenciesAndDependentsWithTheirStates() {
        var task = Fixtures.task("child", state: .unreachable, error: "task dependencies failed: task a ended expired")
        task.dependencies = ["a", "b"]
        task.loadDependencies = true
        let model = Fixtures.taskDetail(task, dependencies: [TaskLink(id: "a", state: .expired), TaskLink(id: "b", state: nil)],
                                        dependents: [TaskLink(id: "grandchild", state: .unreachable)])
        let screen = lines(model)
        #expect(screen.contains("  depends on a (expired), b (deleted); results loaded"))
        #expect(screen.contains("  dependents grandchild (unreachable)"))
        let row = try! #require(screen.firstIndex { $0.hasPrefix("  depends on") })
        #expect(AppView.render(model).styles(in: Rect(x: 13, y: row, width: 5, height: 1)) == [.danger])
    }

    @Test func taskDetailShowsFieldsPrettyPayloadAndAttemptTimeline() {
        let attempts = [
            Attempt(n: 1, worker: "w1", started: Fixtures.now - .seconds(600), ended: Fixtures.now - .seconds(590),
                    outcome: .failed, error: "smtp timeout"),
            Attempt(n: 2, worker: "w1", started: Fixtures.now - .seconds(300), ended: Fixtures.now - .seconds(299),
                    outcome: .failed, error: "smtp timeout"),
        ]
        let task = Fixtures.task("2NxAAAAAAAAAAAAAAAAAAAAAAAA", state: .retry, tries: 2, error: "smtp timeout",
                                 payload: #"{"to":"a@b.c","n":[1,2]}"#)
        var model = Fixtures.taskDetail(task, attempts: attempts)
        var screen = lines(model)
        #expect(Array(screen[1...10]) == [
            "Task 2NxAAAAAAAAAAAAAAAAAAAAAAAA   ↻ retry",
            "  type       email:send",
            "  queue      emails",
            "  state      ↻ retry",
            "  tries      2 of 10",
            "  created    2026-01-01 11:59:30  (30s ago)",
            "  tried      -",
            "  deadline   none",
            "  last error smtp timeout",
            "Payload (24 bytes, JSON)",
        ])
        #expect(screen[17].hasSuffix("▼"))
        #expect(Array(screen[18...21]) == [
            "Timeline: retry due now (2 tries so far)",
            "✗─",
            "                                        ✗",
            "11:50:00────────────────────────────────────────────────────────────now 12:00:00",
        ])
        let buffer = AppView.render(model)
        #expect(buffer.styles(in: Rect(x: 0, y: 19, width: 2, height: 1)) == [.warning])
        #expect(buffer.styles(in: Rect(x: 13, y: 9, width: 12, height: 1)) == [.danger])
        // Scrolling down reveals the attempt list below the payload.
        for _ in 0..<20 { _ = model.update(.key(.character("j"))) }
        screen = lines(model)
        #expect(screen.contains("  #1  2026-01-01 11:50:00     10s  ✗ failed      smtp timeout"))
        #expect(screen.contains("  #2  2026-01-01 11:55:00    1.0s  ✗ failed      smtp timeout"))
        // Scrolling stops at the end, so one key back up moves at once.
        let bottom = model.taskDetail?.scroll ?? 0
        #expect(bottom == TaskDetailScreen.maxScroll(model) && bottom > 0 && bottom < 20)
        _ = model.update(.key(.character("k")))
        #expect(model.taskDetail?.scroll == bottom - 1)
    }

    @Test func payloadIsPrettyWhenJSONAndReadableOtherwise() {
        #expect(TaskDetailScreen.describe(nil).0 == "Payload (none)")
        #expect(TaskDetailScreen.describe(Data("plain words".utf8)) == ("Payload (11 bytes, text)", "plain words"))
        #expect(TaskDetailScreen.describe(Data([0xff, 0x00])) == ("Payload (2 bytes, binary)", "ff 00"))
        let (title, text) = TaskDetailScreen.describe(Data(#"{"a":1}"#.utf8))
        #expect(title == "Payload (7 bytes, JSON)")
        #expect(text.split(separator: "\n").count == 3)
    }

    @Test func helpListsEveryBindingFromTheKeyMap() {
        // Tall enough that every binding is on the first page of help.
        var model = Fixtures.home([Self.emails], size: Size(width: 80, height: 40))
        _ = model.update(.key(.character("?")))
        let screen = lines(model)
        for binding in KeyMap.standard.bindings {
            #expect(screen.contains { $0.contains(binding.label) && $0.contains(binding.summary) },
                    "help lacks \(binding.label)")
        }
    }

    @Test func readOnlyHelpSaysWhichKeysAreRefused() {
        let help = HelpScreen.lines(.standard, readOnly: true).map(\.text)
        #expect(help.contains("  r        retry the selected task now, or the marked ones (asks y/N)  (refused: read-only)"))
        #expect(help.contains("  ?        this help"))
    }

    @Test func everyScreenFitsAt80x24AndGrowsWith120x40() {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            let models = [
                Fixtures.home([Self.emails, Self.reports], size: size),
                Fixtures.queueDetail(Self.tasks, size: size),
                Fixtures.taskDetail(Self.tasks[0], size: size),
            ]
            for model in models {
                let buffer = AppView.render(model)
                #expect(buffer.width == size.width && buffer.height == size.height)
                #expect(buffer.lines.allSatisfy { TextWidth.of($0) == size.width })
                #expect(buffer[0, size.height - 1].style == .keyHint)
            }
        }
        #expect(QueueDetailScreen.pageSize(for: Size(width: 80, height: 24)) == 13)
        #expect(QueueDetailScreen.pageSize(for: Size(width: 120, height: 40)) == 29)
    }
}
