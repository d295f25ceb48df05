import AsyncJobs
import Testing

/// Dependencies through a running pool: the dependent runs as soon as its last dependency completes, with
/// the dependencies' results, although the test's clock never moves (so nothing waits on a poll interval).
@Suite struct DependencyPoolTests {
    @Test func dependentRunsWithResultsTheMomentItsDependencyCompletes() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work"))
        let now = fixture.clock.now()
        try await fixture.store.enqueue([
            JobTask(id: "parent", type: "make", queue: "work", created: now),
            JobTask(id: "child", type: "use", queue: "work", created: now + .nanoseconds(1), dependencies: ["parent"],
                    loadDependencies: true),
        ])
        let pool = try fixture.pool { router in
            try router.register("make") { _, _ in "made" }
            try router.register("use") { task, _ in task.dependencyResults["parent"]?.payload ?? "missing" }
        }
        let running = fixture.start(pool)
        try await fixture.wait("child", is: .complete)
        pool.stop()
        try await running.value
        #expect(try await fixture.store.task(id: "child").result?.payload == "made")
        #expect(fixture.clock.now() == now)
    }
}
