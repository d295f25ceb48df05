import AJTop
import AsyncJobs
import AsyncJobsTesting
import Testing

/// The Workers screen and the local-pool bindings (`2`, `w`, `+`/`-` there): pure update transitions,
/// rendering at 80x24, and the controller against a real pool over the in-memory store.
@Suite(.timeLimit(.minutes(1))) struct WorkersTests {
    static let busy = PoolSnapshot.Slot(taskID: "2NxAAAAAAAAAAAAAAAAAAAAAAAA", type: "email:send", attempt: 2,
                                        started: Fixtures.now - .seconds(4), deadline: Fixtures.now + .seconds(1))
    static let stuck = PoolSnapshot.Slot(taskID: "2NxCCCCCCCCCCCCCCCCCCCCCCCC", type: "report:daily", attempt: 1,
                                         started: Fixtures.now - .seconds(7), deadline: Fixtures.now - .seconds(1),
                                         cancelling: true)

    static func pools(_ phase: PoolSnapshot.Phase = .running, emailsConcurrency: Int = 2) -> [PoolSnapshot] {
        [
            PoolSnapshot(worker: "vm:1:a", queue: "emails", concurrency: emailsConcurrency, phase: phase, slots: [busy],
                         finished: [.complete: 12, .failed: 3]),
            PoolSnapshot(worker: "vm:1:b", queue: "reports", concurrency: 1, phase: phase, slots: [stuck],
                         finished: [.timeout: 1]),
        ]
    }

    /// A model with local pools, on the home screen with `emails` loaded.
    static func home(_ pools: [PoolSnapshot] = pools(), readOnly: Bool = false) -> Model {
        var model = Model(config: Model.Config(storeLabel: "/tmp/test.db", readOnly: readOnly), now: Fixtures.now,
                          size: Size(width: 80, height: 24), pools: pools)
        _ = model.update(.loaded(model.loadRequest, .queues(QueuesData(
            summaries: [Fixtures.summary("emails")], finished: [:])), at: Fixtures.now))
        return model
    }

    static func workersScreen(_ pools: [PoolSnapshot] = pools(), readOnly: Bool = false) -> Model {
        var model = home(pools, readOnly: readOnly)
        _ = model.update(.key(.character("2")))
        return model
    }

    func lines(_ model: Model) -> [String] {
        AppView.render(model).lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    // MARK: update

    @Test func startingTheDashboardStartsThePoolsAndTicksSampleThem() {
        var model = Self.home()
        #expect(model.start() == [.load(model.loadRequest, force: true), .pool(.start)])
        #expect(model.update(.tick(Fixtures.now)) == [.pool(.sample), .load(model.loadRequest, force: false)])
        #expect(model.update(.tick(Fixtures.now + .milliseconds(500))) == [.pool(.sample)])
        // Without pools, neither.
        var watcher = Fixtures.home([Fixtures.summary("emails")])
        #expect(watcher.start() == [.load(watcher.loadRequest, force: true)])
        _ = watcher.update(.tick(Fixtures.now))
        #expect(watcher.update(.tick(Fixtures.now + .milliseconds(500))) == [])
    }

    @Test func twoOpensTheWorkersScreenAboveHome() {
        var model = Self.home()
        #expect(model.update(.key(.character("2"))) == [.pool(.sample)])
        #expect(model.stack == [.queues, .workers])
        _ = model.update(.key(.escape))
        #expect(model.route == .queues)
    }

    @Test(arguments: [(PoolSnapshot.Phase.running, PoolRequest.stop), (.stopped, .start)])
    func wStopsARunningPoolAndStartsAStoppedOne(phase: PoolSnapshot.Phase, request: PoolRequest) {
        var model = Self.workersScreen(Self.pools(phase))
        #expect(model.update(.key(.character("w"))) == [.pool(request)])
        // From any screen.
        var home = Self.home(Self.pools(phase))
        #expect(home.update(.key(.character("w"))) == [.pool(request)])
    }

    @Test func wWhileDrainingWaitsForRunningTasks() {
        var model = Self.workersScreen(Self.pools(.draining))
        #expect(model.update(.key(.character("w"))) == [])
        #expect(model.status == Model.Status(
            "the worker pool is draining: 2 running task(s) must finish before w starts it", isError: true))
    }

    @Test func plusAndMinusOnTheWorkersScreenChangeTheSelectedRowsPool() {
        var model = Self.workersScreen()
        #expect(model.update(.key(.character("+"))) == [.pool(.setConcurrency(queue: "emails", value: 3))])
        #expect(model.update(.key(.character("-"))) == [.pool(.setConcurrency(queue: "emails", value: 1))])
        // Rows: emails 1 (busy), emails 2 (idle), reports 1 (busy).
        _ = model.update(.key(.down))
        _ = model.update(.key(.down))
        #expect(model.workers?.selectedRow?.slot == Self.stuck)
        #expect(model.update(.key(.character("-"))) == [])
        #expect(model.status == Model.Status("local concurrency for reports is already 1", isError: true))
        // On home they keep acting on MaxConcurrent.
        var home = Self.home()
        #expect(home.update(.key(.character("+"))) == [.perform(.setMaxConcurrent(queue: "emails", value: 6))])
    }

    @Test func readOnlyRefusesPoolKeys() {
        var model = Self.workersScreen(readOnly: true)
        #expect(model.update(.key(.character("w"))) == [])
        #expect(model.update(.key(.character("+"))) == [])
        #expect(model.status?.isError == true)
    }

    @Test func enterOpensTheTaskInABusySlotAndRefusesAnIdleOne() {
        var model = Self.workersScreen()
        _ = model.update(.key(.down))
        #expect(model.update(.key(.enter)) == [])
        #expect(model.status == Model.Status("the selected slot is idle", isError: true))
        _ = model.update(.key(.up))
        #expect(model.update(.key(.enter)) == [.load(.taskDetail(id: Self.busy.taskID), force: true)])
        #expect(model.route == .taskDetail(Self.busy.taskID))
        #expect(model.targetTask == Self.busy.taskID)
    }

    @Test func poolAnswersReplaceTheSnapshotsAndSayWhatHappened() {
        var model = Self.workersScreen()
        _ = model.update(.key(.down))
        _ = model.update(.key(.down))
        let shrunk = [PoolSnapshot(worker: "vm:1:a", queue: "emails", concurrency: 1, phase: .draining, slots: [])]
        #expect(model.update(.pools(after: .stop, shrunk, error: nil)) == [])
        #expect(model.workers?.pools == shrunk)
        #expect(model.workers?.selected == 0)
        #expect(model.status == Model.Status("worker pool draining: no new claims, running tasks finish"))
        _ = model.update(.pools(after: .start, shrunk, error: "worker pool for emails is still draining"))
        #expect(model.status == Model.Status("worker pool for emails is still draining", isError: true))
        // A sample says nothing.
        model.status = nil
        _ = model.update(.pools(after: .sample, shrunk, error: nil))
        #expect(model.status == nil)
    }

    // MARK: rendering

    @Test func workersScreenShowsEverySlotWithElapsedAgainstMaxRunTime() {
        let screen = lines(Self.workersScreen())
        #expect(Array(screen.prefix(9)) == [
            "ajtop  Workers  store /tmp/test.db       12:00:00  refresh 1s  pool running 2/3",
            "Local worker pool  running  busy 2/3  finished ✓ 12  ✗ 3  ⧖ 1  ⊘ 0  ↯ 0",
            "  emails     running  slots 1/2  ✓ 12  ✗ 3  ⧖ 0  ⊘ 0  ↯ 0  worker vm:1:a",
            "  reports    running  slots 1/1  ✓ 0  ✗ 0  ⧖ 1  ⊘ 0  ↯ 0  worker vm:1:b",
            "",
            " QUEUE       # TASK       TYPE            TRY ELAPSED RUN TIME   MAX STATE",
            "▶emails      1 2NxAAAAAA… email:send        2    4.0s ███████▎·   5s ▶ running",
            " emails      2 idle                                                  idle",
            " reports     1 2NxCCCCCC… report:daily      1    7.0s █████████   6s cancelling",
        ])
        #expect(screen[23] == "? help  ↓/j move  Enter open  Esc back  + slots+  - slots-  w start/stop")
        let buffer = AppView.render(Self.workersScreen())
        // Overrun reads as danger, a slot near its limit as a warning, cancelling as a warning.
        #expect(buffer.styles(in: Rect(x: 49, y: 8, width: 4, height: 1)) == [.danger])
        #expect(buffer.styles(in: Rect(x: 54, y: 8, width: 9, height: 1)) == [.danger])
        #expect(buffer.styles(in: Rect(x: 69, y: 8, width: 10, height: 1)) == [.warning])
        #expect(buffer.styles(in: Rect(x: 15, y: 7, width: 4, height: 1)) == [.dim])
        #expect(buffer.styles(in: Rect(x: 49, y: 6, width: 4, height: 1)) == [.selectionFocused])
        #expect(buffer.styles(in: Rect(x: 19, y: 1, width: 7, height: 1)) == [.ok])
    }

    @Test func homeHintsOfferWorkersOnlyWithALocalPool() {
        #expect(lines(Self.home())[23].contains("2 workers"))
        #expect(lines(Self.home())[0].hasSuffix("pool running 2/3"))
        #expect(!lines(Fixtures.home([Fixtures.summary("emails")]))[23].contains("2 workers"))
        #expect(lines(Self.home(Self.pools(.stopped)))[0].hasSuffix("pool stopped 2/3"))
    }

    // MARK: controller

    @Test func controllerStartsDrainsAndRestartsARealPool() async throws {
        let store = MemoryStore()
        try await store.createQueue(Queue(name: "emails"))
        var router = Router()
        try router.register("") { _, _ in "done" }
        let pool = WorkerPool(store: store, queue: "emails", router: router, concurrency: 2)
        let controller = PoolController(pools: [pool])

        guard case .pools(.start, let started, nil) = await controller.execute(.start) else {
            Issue.record("start did not answer with the pools")
            return
        }
        #expect(started.map(\.phase) == [.running])
        try await store.enqueue([JobTask(type: "x", queue: "emails")])
        try await pool.waitForSnapshot { $0.finished[.complete] == 1 }

        _ = await controller.execute(.setConcurrency(queue: "emails", value: 5))
        #expect(pool.snapshot.concurrency == 5)
        guard case .pools(_, _, let error?) = await controller.execute(.setConcurrency(queue: "nope", value: 2)) else {
            Issue.record("an unknown queue was not refused")
            return
        }
        #expect(error == "no local worker pool serves queue nope")

        _ = await controller.execute(.stop)
        try await pool.waitForSnapshot { $0.phase == .stopped }
        try await store.enqueue([JobTask(type: "x", queue: "emails")])
        _ = await controller.execute(.start)
        try await pool.waitForSnapshot { $0.finished[.complete] == 2 }
        await controller.shutdown()
        #expect(pool.snapshot.phase == .stopped)
    }
}
