import AJTop
import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

/// The errors screen (`e`): a queue's failed tasks grouped by normalised error, Enter listing a group's
/// tasks on the queue's screen for marking and retrying them all. Rendering, key transitions and the read.
@Suite struct ErrorsViewTests {
    func lines(_ model: Model) -> [String] { ScreenTests().lines(model) }

    static let timeouts = ErrorGroup(
        pattern: ErrorPattern(of: "timed out after 3s (request 17)"), example: "timed out after 9s (request 18)",
        taskIDs: ["t2", "t1", "t3"], firstSeen: Fixtures.now - .seconds(3600), lastSeen: Fixtures.now - .seconds(12),
        states: [.retry: 2, .expired: 1], types: ["email:send": 3])
    static let refused = ErrorGroup(
        pattern: ErrorPattern(of: "dial tcp 10.0.0.7:5432: connection refused"),
        example: "dial tcp 10.0.0.8:5432: connection refused", taskIDs: ["c1"], firstSeen: Fixtures.now - .seconds(90),
        lastSeen: Fixtures.now - .seconds(90), states: [.terminated: 1], types: ["email:send": 1])

    /// The errors screen of `emails`, opened from its queue screen, with the two groups loaded.
    func errorsScreen() -> Model {
        var model = Fixtures.queueDetail(ScreenTests.tasks)
        _ = model.update(.key(.character("e")))
        _ = model.update(.loaded(model.loadRequest, .errors(ErrorsData(queue: "emails", groups: [Self.timeouts, Self.refused])),
                                 at: Fixtures.now))
        return model
    }

    @Test func groupsShowCountFirstAndLastSeenAndTheSelectedExample() {
        let model = errorsScreen()
        let screen = lines(model)
        #expect(Array(screen.prefix(5)) == [
            "ajtop  Errors  store /tmp/test.db                12:00:00  refresh 1s  pool off",
            "Errors in emails: 2 groups over 4 failed tasks",
            "   COUNT  FIRST   LAST ERROR (normalised)",
            "▶      3  1h00m    12s timed out after <duration> (request <n>)",
            "       1  1m30s  1m30s dial tcp <addr>: connection refused",
        ])
        #expect(screen[20] == "Latest example (2 retry, 1 expired):")
        #expect(screen[21] == "timed out after 9s (request 18)")
        #expect(screen[23] == "? help  Enter open  Esc back  q quit/back")
        let buffer = AppView.render(model)
        #expect(buffer.styles(in: Rect(x: 1, y: 4, width: 7, height: 1)) == [.danger])
        #expect(buffer.styles(in: Rect(x: 0, y: 21, width: 31, height: 1)) == [.danger])
    }

    @Test func noFailuresSaySo() {
        var model = Fixtures.home([Fixtures.summary("emails")])
        _ = model.update(.key(.character("e")))
        #expect(model.route == .errors("emails"))
        #expect(lines(model)[1] == "Errors in emails  loading…")
        _ = model.update(.loaded(model.loadRequest, .errors(ErrorsData(queue: "emails", groups: [])), at: Fixtures.now))
        #expect(lines(model)[3] == " no failed tasks in emails")
        #expect(model.update(.key(.enter)) == [])
        #expect(model.status == Model.Status("no error group to open", isError: true))
    }

    @Test func enterListsTheGroupsTasksWhereMarkAllTakesThemAndEscapeListsTheWholeQueue() {
        var model = errorsScreen()
        _ = model.update(.key(.down))
        _ = model.update(.key(.up))
        let effects = model.update(.key(.enter))
        #expect(model.stack == [.queues, .queueDetail("emails")])
        #expect(model.errors == nil)
        guard case .load(.queueDetail("emails", let filter, _), true) = effects.first else {
            Issue.record("expected the group's tasks to load, got \(effects)")
            return
        }
        #expect(filter.ids == ["t1", "t2", "t3"] && filter.states == nil && filter.text == nil)
        // The store counts the group's tasks; the settings line names the group.
        _ = model.update(.loaded(model.loadRequest, .queueDetail(QueueDetailData(
            summary: Fixtures.summary("emails", counts: [.retry: 2, .expired: 1, .new: 40]), tasks: ScreenTests.tasks,
            offset: 0, matching: 3, retriesDue: [])), at: Fixtures.now))
        #expect(lines(model)[2] == "error group (3 tasks, Esc lists all): timed out after <duration> (request <n>)")
        #expect(AppView.render(model).styles(in: Rect(x: 0, y: 2, width: 20, height: 1)) == [.warning])
        let marking = model.update(.key(.character("*")))
        #expect(marking == [.markAll(TaskFilter(queue: "emails", ids: ["t1", "t2", "t3"]))])
        _ = model.update(.matched(TaskFilter(queue: "emails", ids: ["t1", "t2", "t3"]), taskIDs: ["t1", "t2", "t3"], error: nil))
        #expect(model.status == Model.Status("3 marked"))
        _ = model.update(.key(.character("r")))
        #expect(model.confirmation == .bulk(.retry, taskIDs: ["t1", "t2", "t3"], queue: "emails"))
        _ = model.update(.key(.character("n")))
        // Esc first widens the list to the whole queue (marks stay), then goes back.
        #expect(model.update(.key(.escape)) == [.load(model.loadRequest, force: true)])
        #expect(model.queueDetail?.errorScope == nil && model.queueDetail?.marked.count == 3)
        #expect(model.route == .queueDetail("emails"))
        _ = model.update(.key(.escape))
        #expect(model.route == .queues)
    }

    @Test func escapeFromTheErrorsScreenReturnsToTheQueueAsItWas() {
        var model = errorsScreen()
        _ = model.update(.key(.escape))
        #expect(model.route == .queueDetail("emails"))
        #expect(model.errors == nil && model.queueDetail?.errorScope == nil)
    }

    @Test func theReadGroupsTheQueuesFailedTasks() async throws {
        let clock = ManualClock(start: Fixtures.now)
        let store = MemoryStore(clock: clock)
        try await store.createQueue(Queue(name: "emails"))
        try await store.enqueue((1...4).map { JobTask(id: "t\($0)", type: "email:send", queue: "emails", created: Fixtures.now) })
        for (index, claim) in try await store.claim(queue: "emails", upTo: 4, worker: "w").enumerated() {
            let resolution: Resolution = index == 3 ? .complete(result: .null)
                : .retry(at: Fixtures.now + .seconds(60), outcome: .failed, error: "timed out after \(index + 1)s")
            try await store.resolve(claim, resolution)
        }
        let controller = StoreController(store: store, clock: clock)
        guard case .loaded(_, .errors(let data), _) = await controller.load(.errors(queue: "emails"), force: true) else {
            Issue.record("expected the errors data")
            return
        }
        #expect(data.groups.map(\.pattern.text) == ["timed out after <duration>"])
        #expect(data.groups.first?.taskIDs.sorted() == ["t1", "t2", "t3"])
    }
}
