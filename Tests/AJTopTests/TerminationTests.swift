import AJTop
import AsyncJobs
import AsyncJobsTesting
import Testing

/// A terminate of a running task: ajtop says it was asked and how it will happen, and says "terminated"
/// only once the task is, or after ten seconds why it still waits.
@Suite struct TerminationTests {
    static let now = Timestamp(nanoseconds: 1_800_000_000_000_000_000)
    static func lease(expires: Timestamp) -> Lease {
        Lease(taskID: "t1", worker: "host:42:abc", attempt: 1, started: now - .seconds(30), expires: expires,
              terminateRequested: true)
    }

    @Test func askingSaysHowItWillHappenAndFollowsTheTask() {
        var model = Fixtures.taskDetail(Fixtures.task("t1", state: .active))
        model.now = Self.now
        let effects = model.update(.terminationAsked(taskID: "t1", lease: Self.lease(expires: Self.now + .seconds(12))))
        #expect(effects.contains(.followTermination(taskID: "t1", until: Self.now + Model.terminationPatience)))
        #expect(model.status?.text.hasPrefix("termination of t1 asked of worker host:42:abc: it stops within a second, or when its lease runs out at ") == true,
                "\(String(describing: model.status))")
        #expect(model.status?.text.contains("terminated") == false, "not terminated yet")
    }

    @Test func terminatedOnlyOnceItIs() {
        var model = Fixtures.taskDetail(Fixtures.task("t1", state: .active))
        _ = model.update(.terminationFollowed(taskID: "t1", state: .terminated, lease: nil, at: Self.now))
        #expect(model.status == Model.Status("terminated t1"))
    }

    @Test func afterTenSecondsItSaysWhyItStillWaits() {
        var model = Fixtures.taskDetail(Fixtures.task("t1", state: .active))
        _ = model.update(.terminationFollowed(taskID: "t1", state: .active, lease: Self.lease(expires: Self.now + .seconds(5)),
                                              at: Self.now))
        #expect(model.status?.isError == true)
        #expect(model.status?.text.hasPrefix("t1 not terminated after 10 s: worker host:42:abc is unreachable; its lease runs out at ") == true,
                "\(String(describing: model.status))")
        #expect(model.status?.text.hasSuffix("(in 5 s)") == true)
        _ = model.update(.terminationFollowed(taskID: "t1", state: .active, lease: Self.lease(expires: Self.now - .seconds(23)),
                                              at: Self.now))
        #expect(model.status?.text == "t1 not terminated after 10 s: its lease expired 23 s ago: its worker is gone; the next rescue ends it")
    }

    /// Against a store: the controller answers the terminate of a running task with what it asked, then
    /// follows the task until its worker (here, the rescue of its expired lease) ends it.
    @Test func theStoreControllerFollowsTheTerminationToItsEnd() async throws {
        let clock = ManualClock()
        let store = MemoryStore(clock: clock)
        try await store.createQueue(Queue(name: "emails", maxRunTime: .seconds(3600)))
        try await store.enqueue([JobTask(id: "t1", type: "x", queue: "emails")])
        _ = try await store.claim(queue: "emails", upTo: 1, worker: "gone", leaseWindow: .seconds(3))
        let controller = StoreController(store: store, clock: clock)
        guard case .terminationAsked("t1", let lease) = await controller.perform(.terminate(taskID: "t1")) else {
            Issue.record("a running task's terminate is only asked")
            return
        }
        #expect(lease?.worker == "gone")
        let following = Task { await controller.followTermination(taskID: "t1", until: clock.now() + .seconds(60)) }
        clock.advance(by: .seconds(4))
        try await store.rescueExpiredLeases()
        let ticker = Task {
            while !Task.isCancelled {
                clock.advance(by: .milliseconds(250))
                try? await Task.sleep(for: .milliseconds(2))
            }
        }
        defer { ticker.cancel() }
        let answer = await following.value
        guard case .terminationFollowed("t1", .terminated, nil, _) = answer else {
            Issue.record("expected the task terminated, got \(String(describing: answer))")
            return
        }
    }
}
