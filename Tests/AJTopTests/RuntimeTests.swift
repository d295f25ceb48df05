import AJTop
import AsyncJobs
import AsyncJobsTesting
import Testing

/// The store controller, the effect dispatcher and the run loop against a real in-memory store and the test
/// backend.
@Suite struct RuntimeTests {
    static let homeRequest = LoadRequest.queues(buckets: Model.throughputBuckets, bucket: Model.throughputBucket)

    func store(clock: ManualClock) async throws -> MemoryStore {
        let store = MemoryStore(clock: clock)
        try await store.createQueue(Queue(name: "emails", maxConcurrent: 5))
        try await store.createQueue(Queue(name: "reports", maxConcurrent: 2))
        try await store.enqueue([JobTask(id: "t1", type: "email:send", queue: "emails", created: clock.now()),
                                 JobTask(id: "t2", type: "email:send", queue: "emails", created: clock.now())])
        return store
    }

    @Test func storeControllerSkipsReadsWhileTheChangeTokenStands() async throws {
        let clock = ManualClock()
        let store = try await store(clock: clock)
        let storeController = StoreController(store: store, clock: clock)
        guard case .loaded(_, .queues(let data), _) = await storeController.load(Self.homeRequest, force: false) else {
            Issue.record("first load must read")
            return
        }
        #expect(data.summaries.map(\.queue.name) == ["emails", "reports"])
        #expect(data.summaries.first?.ready == 2)
        #expect(data.finished["emails"]?.completed.count == Model.throughputBuckets)
        #expect(await storeController.load(Self.homeRequest, force: false) == .unchanged(Self.homeRequest, at: clock.now()))
        // A forced load, a different request, a change and old data all read again.
        guard case .loaded = await storeController.load(Self.homeRequest, force: true) else { Issue.record("forced"); return }
        try await store.enqueue([JobTask(id: "t3", type: "email:send", queue: "emails", created: clock.now())])
        guard case .loaded(_, .queues(let after), _) = await storeController.load(Self.homeRequest, force: false) else {
            Issue.record("a change must read")
            return
        }
        #expect(after.summaries.first?.ready == 3)
        #expect(await storeController.load(Self.homeRequest, force: false) == .unchanged(Self.homeRequest, at: clock.now()))
        clock.advance(by: StoreController.maximumReuse)
        guard case .loaded = await storeController.load(Self.homeRequest, force: false) else { Issue.record("old data"); return }
    }

    @Test func storeControllerReadsQueueAndTaskDetail() async throws {
        let clock = ManualClock()
        let store = try await store(clock: clock)
        let storeController = StoreController(store: store, clock: clock)
        let filter = TaskFilter(queue: "emails", text: "t2", offset: 0, limit: 10)
        let request = LoadRequest.queueDetail(queue: "emails", filter: filter, window: Model.retryWindow)
        guard case .loaded(_, .queueDetail(let data), _) = await storeController.load(request, force: true) else {
            Issue.record("queue detail")
            return
        }
        #expect(data.tasks.map(\.id) == ["t2"] && data.matching == 1 && data.summary.total == 2)
        guard case .loaded(_, .taskDetail(let task), _) = await storeController.load(.taskDetail(id: "t1"), force: true) else {
            Issue.record("task detail")
            return
        }
        #expect(task.task.id == "t1" && task.attempts.isEmpty && task.queue?.maxConcurrent == 5)
        guard case .loadFailed(_, let error, _) = await storeController.load(.taskDetail(id: "nope"), force: true) else {
            Issue.record("missing task must fail")
            return
        }
        #expect(error == "task nope not found")
    }

    @Test func storeControllerPerformsActions() async throws {
        let clock = ManualClock()
        let store = try await store(clock: clock)
        let storeController = StoreController(store: store, clock: clock)
        #expect(await storeController.perform(.terminate(taskID: "t1")) == .performed(.terminate(taskID: "t1"), error: nil))
        #expect(try await store.task(id: "t1").state == .terminated)
        #expect(await storeController.perform(.retry(taskID: "t1")) == .performed(.retry(taskID: "t1"), error: nil))
        #expect(try await store.task(id: "t1").state == .retry)
        _ = await storeController.perform(.setPaused(queue: "emails", paused: true))
        _ = await storeController.perform(.setMaxConcurrent(queue: "emails", value: 9))
        let queue = try await store.queue(named: "emails")
        #expect(queue.paused && queue.maxConcurrent == 9)
        #expect(await storeController.perform(.retry(taskID: "t2"))
                == .performed(.retry(taskID: "t2"), error: "cannot retry task t2: it is new"))
    }

    /// Runs one iteration, waits until every effect it started has answered, and runs another to show
    /// the answers.
    func step(_ runner: AppRunner) async {
        runner.runOnce()
        await runner.dispatcher.settle()
        runner.runOnce()
    }

    @Test func runLoopShowsStoreDataAndDrawsOnlyChanges() async throws {
        let clock = ManualClock()
        let store = try await store(clock: clock)
        let backend = TestBackend(size: Size(width: 80, height: 24))
        let runner = AppRunner(model: Model(config: .init(storeLabel: "mem"), now: clock.now(), size: backend.size),
                               backend: backend, dispatcher: EffectDispatcher(store: StoreController(store: store, clock: clock)),
                               clock: clock)
        await step(runner)
        #expect(backend.screen.lines[3].hasPrefix("▶emails"))
        #expect(backend.screen.lines[3].contains(" 0/5 "))
        #expect(backend.screen.lines[4].contains(" 0/2 "))
        #expect(backend.screen == AppView.render(runner.model))
        // Nothing changed, so further iterations write no cell.
        await step(runner)
        let draws = backend.drawCounts.count
        for _ in 0..<5 { runner.runOnce() }
        #expect(backend.drawCounts.count == draws)
        // A key changes only the cells it affects.
        backend.keys = [.down]
        runner.runOnce()
        runner.runOnce()
        #expect(backend.drawCounts.last.map { $0 < 200 } == true)
        #expect(backend.screen.lines[4].hasPrefix("▶reports"))
        // A resize redraws everything at the new size.
        backend.size = Size(width: 100, height: 30)
        runner.runOnce()
        #expect(backend.drawCounts.last == 3000)
        #expect(backend.screen.lines.count == 30 && backend.screen == AppView.render(runner.model))
        backend.keys = [.character("q")]
        runner.run()
        #expect(runner.model.isQuitting)
    }

    @Test func aSlowStoreNeverHoldsKeysAndShowsStaleData() async throws {
        let clock = ManualClock()
        let gated = GatedStore(try await store(clock: clock))
        let backend = TestBackend(size: Size(width: 80, height: 24))
        let dispatcher = EffectDispatcher(store: StoreController(store: gated, clock: clock))
        let runner = AppRunner(model: Model(config: .init(storeLabel: "mem"), now: clock.now(), size: backend.size),
                               backend: backend, dispatcher: dispatcher, clock: clock)
        await step(runner)
        #expect(runner.model.dataAsOf != nil)
        gated.close()
        // A change makes the next refresh read, and that read hangs.
        try await gated.enqueue([JobTask(id: "t9", type: "email:send", queue: "emails", created: clock.now())])
        clock.advance(by: .seconds(1))
        runner.runOnce()
        await gated.held()
        // While the read hangs, keys still work and later refreshes wait in one pending slot.
        backend.keys = [.character("?")]
        runner.runOnce()
        #expect(runner.model.route == .help)
        clock.advance(by: .seconds(4))
        runner.runOnce()
        #expect(backend.screen.lines[0].contains("! stale 5s"))
        #expect(gated.waiting == 1 && !dispatcher.isIdle)
        gated.open()
        await dispatcher.settle()
        runner.runOnce()
        #expect(runner.model.staleness == nil)
        #expect(!backend.screen.lines[0].contains("stale"))
    }
}
