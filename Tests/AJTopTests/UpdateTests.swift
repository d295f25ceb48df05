import AJTop
import AsyncJobs
import Testing

/// `update` transitions: key → state + effects, for every binding of the key map.
@Suite struct UpdateTests {
    static let emails = Fixtures.summary("emails", max: 5, counts: [.new: 2])
    static let reports = Fixtures.summary("reports", max: 1, paused: true)
    static let tasks = [
        Fixtures.task("2NxAAAAAAAAAAAAAAAAAAAAAAAA", state: .retry, tries: 2, error: "smtp timeout"),
        Fixtures.task("2NxBBBBBBBBBBBBBBBBBBBBBBBB", state: .new),
    ]

    /// Every key of every binding, with its action.
    static let keys: [(Key, KeyAction)] = KeyMap.standard.bindings.flatMap { binding in
        binding.keys.map { ($0, binding.action) }
    }

    /// Each key does what its action promises. The switch is exhaustive, so a new action cannot be added
    /// to the key map without saying here what its key must do.
    @Test(arguments: keys)
    func everyBindingDoesWhatItsActionSays(key: Key, action: KeyAction) {
        #expect(KeyMap.standard.action(for: key) == action)
        switch action {
        case .moveUp:
            var model = Fixtures.home([Self.emails, Self.reports])
            model.queues.selected = 1
            #expect(model.update(.key(key)) == [])
            #expect(model.queues.selected == 0)
            #expect(model.update(.key(key)) == [])
            #expect(model.queues.selected == 0)
        case .moveDown:
            var model = Fixtures.home([Self.emails, Self.reports])
            #expect(model.queues.selected == 0)
            #expect(model.update(.key(key)) == [])
            #expect(model.queues.selected == 1)
            _ = model.update(.key(key))
            #expect(model.queues.selected == 1)
        case .pageUp, .pageDown:
            var model = Fixtures.queueDetail(Self.tasks)
            model.queueDetail?.data?.matching = 40
            if action == .pageUp { model.queueDetail?.selected = 30 }
            let effects = model.update(.key(key))
            #expect(model.queueDetail?.selected == (action == .pageDown ? 13 : 17))
            guard case .load(.queueDetail(_, let filter, _), true) = effects.first else {
                Issue.record("expected a page load, got \(effects)")
                return
            }
            #expect(filter.offset == 13 && filter.limit == 13)
        case .open:
            var model = Fixtures.home([Self.emails, Self.reports])
            _ = model.update(.key(.down))
            let effects = model.update(.key(key))
            #expect(model.route == .queueDetail("reports"))
            #expect(model.queueDetail?.tab == .all && model.queueDetail?.selected == 0)
            #expect(effects == [.load(model.loadRequest, force: true)])
        case .back:
            var model = Fixtures.queueDetail(Self.tasks)
            let effects = model.update(.key(key))
            #expect(model.route == .queues && model.queueDetail == nil)
            #expect(effects == [.load(.queues(buckets: Model.throughputBuckets, bucket: Model.throughputBucket), force: true)])
            #expect(model.update(.key(key)) == [] && model.route == .queues && !model.isQuitting)
        case .nextTab, .previousTab:
            var model = Fixtures.queueDetail(Self.tasks)
            model.queueDetail?.selected = 1
            let effects = model.update(.key(key))
            #expect(model.queueDetail?.tab == (action == .nextTab ? .new : .other))
            #expect(model.queueDetail?.selected == 0)
            guard case .load(.queueDetail(_, let filter, _), true) = effects.first else {
                Issue.record("expected a load, got \(effects)")
                return
            }
            #expect(filter.states == (action == .nextTab ? [.new] : [.queueError, .blocked, .unreachable]))
        case .queuesScreen:
            var model = Fixtures.taskDetail(Self.tasks[0])
            let effects = model.update(.key(key))
            #expect(model.stack == [.queues])
            #expect(effects == [.load(model.loadRequest, force: true)])
        case .schedulesScreen:
            var model = Fixtures.home([Self.emails])
            #expect(model.update(.key(key)) == [.load(.schedules, force: true)])
            #expect(model.route == .schedules)
            let created = Fixtures.now - .seconds(90)
            var made = ScheduledTask(name: "tick", schedule: "@every 1m", taskType: "tick", createdAt: created)
            made.lastFire = created + .seconds(60)
            made.lastTaskID = "made-1"
            _ = model.update(.loaded(.schedules, .schedules(SchedulesData(schedules: [made], leadership: nil)), at: Fixtures.now))
            #expect(model.update(.key(.enter)) == [.load(.taskDetail(id: "made-1"), force: true)])
        case .eventsScreen:
            var model = Fixtures.taskDetail(Self.tasks[0])
            let effects = model.update(.key(key))
            #expect(model.stack == [.queues, .events])
            #expect(effects == [.load(.events(after: nil), force: true)])
        case .errorsScreen:
            var model = Fixtures.queueDetail(Self.tasks)
            let effects = model.update(.key(key))
            #expect(model.stack == [.queues, .queueDetail("emails"), .errors("emails")])
            #expect(effects == [.load(.errors(queue: "emails"), force: true)])
        case .history:
            var model = Fixtures.queueDetail(Self.tasks)
            let effects = model.update(.key(key))
            #expect(model.queueDetail?.history == .hour && model.route == .queueDetail("emails"))
            #expect(effects == [.load(.queueStats(queue: "emails", window: .hour, bucket: .seconds(60)), force: true)])
        case .workersScreen, .toggleWorkers:
            var model = Fixtures.home([Self.emails])
            #expect(model.update(.key(key)) == [])
            #expect(model.route == .queues)
            #expect(model.status?.isError == true)
            #expect(model.status?.text.contains("worker pool") == true)
        case .filter:
            var model = Fixtures.queueDetail(Self.tasks)
            #expect(model.update(.key(key)) == [])
            #expect(model.filterInput == "")
        case .retry:
            var model = Fixtures.queueDetail(Self.tasks)
            #expect(model.update(.key(key)) == [.perform(.retry(taskID: Self.tasks[0].id))])
            #expect(model.status?.text == "retrying \(Self.tasks[0].id)…")
        case .terminate:
            var model = Fixtures.queueDetail(Self.tasks)
            #expect(model.update(.key(key)) == [])
            #expect(model.confirmation == .terminate(taskID: Self.tasks[0].id))
            #expect(model.confirmation?.prompt == "Terminate task \(Self.tasks[0].id)? [y/N]")
        case .toggleMark:
            var model = Fixtures.queueDetail(Self.tasks)
            #expect(model.update(.key(key)) == [])
            #expect(model.queueDetail?.marked == [Self.tasks[0].id])
            #expect(model.status?.text == "1 marked")
            _ = model.update(.key(key))
            #expect(model.queueDetail?.marked == [])
            #expect(model.status?.text == "0 marked")
        case .markAll:
            var model = Fixtures.queueDetail(Self.tasks)
            model.queueDetail?.filter = "smtp"
            let effects = model.update(.key(key))
            #expect(effects == [.markAll(TaskFilter(queue: "emails", states: StateTab.all.states, text: "smtp"))])
        case .clearMarks:
            var model = Fixtures.queueDetail(Self.tasks)
            model.queueDetail?.marked = ["a", "b"]
            #expect(model.update(.key(key)) == [])
            #expect(model.queueDetail?.marked == [])
            #expect(model.update(.key(key)) == [] && model.status?.isError == true, "nothing left to clear")
        case .delete:
            var model = Fixtures.queueDetail(Self.tasks)
            #expect(model.update(.key(key)) == [])
            #expect(model.confirmation == .bulk(.delete, taskIDs: [Self.tasks[0].id], queue: "emails"))
            #expect(model.confirmation?.prompt == "delete 1 task in emails? y/N")
        case .togglePause:
            var model = Fixtures.home([Self.emails, Self.reports])
            #expect(model.update(.key(key)) == [.perform(.setPaused(queue: "emails", paused: true))])
            _ = model.update(.key(.down))
            #expect(model.update(.key(key)) == [.perform(.setPaused(queue: "reports", paused: false))])
        case .increaseConcurrency:
            var model = Fixtures.home([Self.emails])
            #expect(model.update(.key(key)) == [.perform(.setMaxConcurrent(queue: "emails", value: 6))])
        case .decreaseConcurrency:
            var model = Fixtures.home([Self.emails, Self.reports])
            #expect(model.update(.key(key)) == [.perform(.setMaxConcurrent(queue: "emails", value: 4))])
            _ = model.update(.key(.down))
            #expect(model.update(.key(key)) == [])
            #expect(model.status == Model.Status("MaxConcurrent of reports is already 1", isError: true))
        case .help:
            var model = Fixtures.queueDetail(Self.tasks)
            #expect(model.update(.key(key)) == [])
            #expect(model.route == .help && model.dataRoute == .queueDetail("emails"))
            #expect(model.update(.key(key)) == [])
            #expect(model.route == .queueDetail("emails"))
        case .quit:
            var model = Fixtures.taskDetail(Self.tasks[0])
            _ = model.update(.key(key))
            #expect(model.route == .queueDetail("emails"))
            _ = model.update(.key(key))
            #expect(model.route == .queues && !model.isQuitting)
            #expect(model.update(.key(key)) == [.quit])
            #expect(model.isQuitting)
        case .forceQuit:
            var model = Fixtures.taskDetail(Self.tasks[0])
            #expect(model.update(.key(key)) == [.quit])
            #expect(model.isQuitting)
        }
    }

    @Test(arguments: KeyMap.standard.bindings.filter { $0.action.isMutating }.flatMap(\.keys))
    func readOnlyRefusesMutatingKeysAndSaysSo(key: Key) {
        var model = Fixtures.queueDetail(Self.tasks, readOnly: true)
        #expect(model.update(.key(key)) == [])
        #expect(model.confirmation == nil)
        #expect(model.status?.isError == true)
        #expect(model.status?.text.hasPrefix("read-only:") == true)
    }

    /// `*` marks every match in the store; `r` then asks, runs the bulk retry, shows progress, and clears
    /// the marks when it ends.
    @Test func markAllThenRetryAsksShowsProgressAndClearsTheMarks() {
        var model = Fixtures.queueDetail(Self.tasks)
        _ = model.update(.key(.character("*")))
        let filter = TaskFilter(queue: "emails", states: StateTab.all.states)
        let ids = (0..<12_408).map { "t\($0)" }
        #expect(model.update(.matched(filter, taskIDs: ids, error: nil)) == [])
        #expect(model.status?.text == "12,408 marked")
        #expect(model.update(.key(.character("r"))) == [])
        #expect(model.confirmation?.prompt == "retry 12,408 tasks in emails? y/N")
        #expect(model.update(.key(.character("n"))) == [])
        #expect(model.status?.text == "retry cancelled; nothing was changed")
        #expect(model.queueDetail?.marked.count == 12_408, "a cancelled action keeps the marks")
        _ = model.update(.key(.character("r")))
        #expect(model.update(.key(.character("y"))) == [.bulk(.retry, taskIDs: ids.sorted())])
        _ = model.update(.bulkProgress(.retry, BulkOutcome(applied: 2_990, skipped: 10), total: 12_408))
        #expect(model.status?.text == "retry: 3,000 of 12,408 tasks…")
        #expect(model.update(.key(.character("t"))) == [])
        #expect(model.status?.isError == true, "a second bulk action waits for the first")
        let end = model.update(.bulkFinished(.retry, BulkOutcome(applied: 12_400, skipped: 8), error: nil))
        #expect(end == [.load(model.loadRequest, force: true)])
        #expect(model.status?.text == "retried 12,400 tasks, skipped 8 (gone or not in a state to retry)")
        #expect(model.queueDetail?.marked.isEmpty == true)
    }

    @Test func terminateAsksAndOnlyYesTerminates() {
        let id = Self.tasks[0].id
        for (answer, terminates) in [(Key.character("y"), true), (.character("Y"), true), (.character("n"), false),
                                     (.enter, false), (.escape, false), (.character("t"), false)] {
            var model = Fixtures.queueDetail(Self.tasks)
            _ = model.update(.key(.character("t")))
            let effects = model.update(.key(answer))
            #expect(model.confirmation == nil)
            #expect(effects == (terminates ? [.perform(.terminate(taskID: id))] : []))
            #expect(model.status?.text == (terminates ? "terminating \(id)…" : "terminate \(id) cancelled"))
            #expect(model.route == .queueDetail("emails"))
        }
    }

    @Test func actionResultShowsInStatusAndRefreshesAtOnce() {
        var model = Fixtures.queueDetail(Self.tasks)
        let id = Self.tasks[0].id
        #expect(model.update(.performed(.terminate(taskID: id), error: nil)) == [.load(model.loadRequest, force: true)])
        #expect(model.status == Model.Status("terminated \(id)"))
        _ = model.update(.performed(.retry(taskID: id), error: "cannot retry task x: it is new"))
        #expect(model.status == Model.Status("retry \(id) failed: cannot retry task x: it is new", isError: true))
    }

    @Test func filterIsTypedAppliedAndClearedByEscapeBeforeGoingBack() {
        var model = Fixtures.queueDetail(Self.tasks)
        _ = model.update(.key(.character("/")))
        for character in "smtpx" { _ = model.update(.key(.character(character))) }
        _ = model.update(.key(.backspace))
        // Keys bound to commands are text while typing.
        _ = model.update(.key(.character("q")))
        _ = model.update(.key(.backspace))
        #expect(model.filterInput == "smtp")
        let effects = model.update(.key(.enter))
        #expect(model.filterInput == nil && model.queueDetail?.filter == "smtp")
        guard case .load(.queueDetail(_, let filter, _), true) = effects.first else {
            Issue.record("expected a load, got \(effects)")
            return
        }
        #expect(filter.text == "smtp")
        #expect(model.update(.key(.escape)) == [.load(model.loadRequest, force: true)])
        #expect(model.queueDetail?.filter == nil && model.route == .queueDetail("emails"))
        _ = model.update(.key(.escape))
        #expect(model.route == .queues)
    }

    @Test func escapeWhileTypingCancelsTheEdit() {
        var model = Fixtures.home([Self.emails, Self.reports])
        _ = model.update(.key(.character("/")))
        _ = model.update(.key(.character("r")))
        #expect(model.update(.key(.escape)) == [])
        #expect(model.filterInput == nil && model.queues.filter == nil)
        _ = model.update(.key(.character("/")))
        for character in "rep" { _ = model.update(.key(.character(character))) }
        _ = model.update(.key(.enter))
        #expect(model.queues.visible.map(\.queue.name) == ["reports"])
    }

    @Test func ticksRefreshOnTheIntervalOnly() {
        var model = Fixtures.home([Self.emails])
        #expect(model.update(.tick(Fixtures.now)) == [.load(model.loadRequest, force: false)])
        #expect(model.update(.tick(Fixtures.now + .milliseconds(500))) == [])
        #expect(model.now == Fixtures.now + .milliseconds(500))
        #expect(model.update(.tick(Fixtures.now + .seconds(1))) == [.load(model.loadRequest, force: false)])
    }

    @Test func answersForAnotherScreenAreIgnored() {
        var model = Fixtures.queueDetail(Self.tasks)
        let old = QueuesData(summaries: [Self.reports], finished: [:])
        _ = model.update(.loaded(.queues(buckets: Model.throughputBuckets, bucket: Model.throughputBucket), .queues(old),
                                 at: Fixtures.now + .seconds(5)))
        #expect(model.queues.data?.summaries.map(\.queue.name) == ["emails"])
        #expect(model.dataAsOf == Fixtures.now)
        _ = model.update(.unchanged(model.loadRequest, at: Fixtures.now + .seconds(7)))
        #expect(model.dataAsOf == Fixtures.now + .seconds(7))
        _ = model.update(.loadFailed(model.loadRequest, error: "database is locked", at: Fixtures.now))
        #expect(model.loadError == "database is locked")
    }

    @Test func resizeChangesPagingAndReloads() {
        var model = Fixtures.queueDetail(Self.tasks)
        let effects = model.update(.resized(Size(width: 120, height: 40)))
        guard case .load(.queueDetail(_, let filter, _), false) = effects.first else {
            Issue.record("expected a load, got \(effects)")
            return
        }
        #expect(filter.limit == 29)
    }

    @Test func selectionStartsOnTheFirstQueueAndSurvivesShrinkingData() {
        var model = Fixtures.home([Self.emails, Self.reports])
        #expect(model.queues.selectedSummary?.queue.name == "emails")
        _ = model.update(.key(.down))
        _ = model.update(.loaded(model.loadRequest, .queues(QueuesData(summaries: [Self.emails], finished: [:])),
                                 at: Fixtures.now))
        #expect(model.queues.selected == 0)
    }

    @Test func queueActionsOnATaskScreenActOnItsQueue() {
        var model = Fixtures.taskDetail(Self.tasks[0])
        #expect(model.update(.key(.character("p"))) == [])
        #expect(model.status == Model.Status("no queue selected", isError: true))
        let data = TaskDetailData(task: Self.tasks[0], attempts: [], queue: Queue(name: "emails", maxConcurrent: 3))
        _ = model.update(.loaded(model.loadRequest, .taskDetail(data), at: Fixtures.now))
        #expect(model.update(.key(.character("p"))) == [.perform(.setPaused(queue: "emails", paused: true))])
        #expect(model.update(.key(.character("+"))) == [.perform(.setMaxConcurrent(queue: "emails", value: 4))])
    }

    @Test func taskActionsNeedATask() {
        var model = Fixtures.home([Self.emails])
        #expect(model.update(.key(.character("r"))) == [])
        #expect(model.status == Model.Status("no task selected to retry", isError: true))
        var detail = Fixtures.taskDetail(Self.tasks[0])
        #expect(detail.update(.key(.character("r"))) == [.perform(.retry(taskID: Self.tasks[0].id))])
    }
}
