import AsyncJobs
import AsyncJobsTesting
import CoreMetrics
import MetricsTestKit
import Testing

/// The engine's metrics, recorded into swift-metrics' test backend: asyncjobs' names and labels.
@Suite struct JobMetricsTests {
    struct Boom: Error, CustomStringConvertible { var description: String { "smtp unavailable" } }

    @Test func aPoolCountsPollsStateChangesHandlerErrorsAndTimesEveryAttempt() async throws {
        let fixture = PoolFixture()
        let backend = TestMetrics()
        let metrics = JobMetrics(factory: backend)
        try await fixture.store.createQueue(Queue(name: "work"))
        let clock = fixture.clock
        // A retry an hour away, so the failed task is not tried again while the clock moves for the other.
        let pool = try fixture.pool(retry: IntervalRetryPolicy(intervals: [.seconds(3600)], jitter: 1), metrics: metrics) {
            try $0.register("ok") { _, _ in
                // Two seconds of work, on the manual clock.
                clock.advance(by: .seconds(2))
                return "done"
            }
            try $0.register("bad") { _, _ in throw Boom() }
        }
        let run = fixture.start(pool)
        try await TaskProducer(store: fixture.store, metrics: metrics)
            .enqueue([JobTask(id: "a", type: "ok", queue: "work", created: clock.now()),
                      JobTask(id: "b", type: "bad", queue: "work", created: clock.now())])
        try await fixture.wait("b", is: .retry)
        try await fixture.wait("a", is: .complete)
        pool.stop()
        try await run.value

        #expect(backend.counterTotal(label: MetricNames.enqueued, dimensions: [("queue", "work")]) == 2)
        #expect(backend.counterTotal(label: MetricNames.taskUpdates, dimensions: [("state", "new")]) == 2)
        #expect(backend.counterTotal(label: MetricNames.taskUpdates, dimensions: [("state", "active")]) == 2)
        #expect(backend.counterTotal(label: MetricNames.taskUpdates, dimensions: [("state", "complete")]) == 1)
        #expect(backend.counterTotal(label: MetricNames.taskUpdates, dimensions: [("state", "retry")]) == 1)
        #expect(backend.counterTotal(label: MetricNames.handlerErrors, dimensions: [("queue", "work"), ("type", "bad")]) == 1)
        #expect(backend.counters(label: MetricNames.handlerErrors, dimensions: [("queue", "work"), ("type", "ok")]).isEmpty)
        #expect(backend.counterTotal(label: MetricNames.polls, dimensions: [("queue", "work")]) >= 1)
        #expect(backend.counters(label: MetricNames.taskUpdateErrors).isEmpty)
        let okRuntime = try backend.expectTimer(MetricNames.handlerRuntime, [("queue", "work"), ("type", "ok")])
        #expect(okRuntime.values == [2_000_000_000])
        #expect(try backend.expectTimer(MetricNames.handlerRuntime, [("queue", "work"), ("type", "bad")]).values.count == 1)
        // Both first attempts started at once: no time had passed since their creation.
        #expect(try backend.expectTimer(MetricNames.waitTime, [("queue", "work")]).values == [0, 0])
        let busy = try backend.expectMeter(MetricNames.handlersBusy)
        #expect((busy.values.max() ?? 0) >= 1)
        #expect(busy.lastValue == 0)
    }

    @Test func aFailedEnqueueCountsAnErrorAndNothingEnqueued() async throws {
        let fixture = PoolFixture()
        let backend = TestMetrics()
        let producer = TaskProducer(store: fixture.store, metrics: JobMetrics(factory: backend))
        await #expect(throws: JobError.queueNotFound("missing")) {
            try await producer.enqueue([JobTask(type: "t", queue: "missing")])
        }
        #expect(backend.counterTotal(label: MetricNames.enqueueErrors, dimensions: [("queue", "missing")]) == 1)
        #expect(backend.counters(label: MetricNames.enqueued).isEmpty)
        #expect(backend.counters(label: MetricNames.taskUpdates).isEmpty)
    }

    @Test func queueGaugesFollowTheStoreAndDropRemovedQueues() async throws {
        let fixture = PoolFixture()
        let backend = TestMetrics()
        try await fixture.store.createQueue(Queue(name: "a", maxConcurrent: 7))
        try await fixture.store.createQueue(Queue(name: "b", paused: true))
        try await fixture.store.enqueue([JobTask(id: "1", type: "t", queue: "a", created: fixture.clock.now()),
                                         JobTask(id: "2", type: "t", queue: "a", created: fixture.clock.now())])
        let gauges = QueueGauges(store: fixture.store, factory: backend, clock: fixture.clock)
        fixture.clock.advance(by: .seconds(30))
        await gauges.refresh()
        #expect(try backend.expectGauge(MetricNames.queueReady, [("queue", "a")]).lastValue == 2)
        #expect(try backend.expectGauge(MetricNames.queueMaxConcurrent, [("queue", "a")]).lastValue == 7)
        #expect(try backend.expectGauge(MetricNames.queueTasks, [("queue", "a"), ("state", "new")]).lastValue == 2)
        #expect(try backend.expectGauge(MetricNames.queueTasks, [("queue", "a"), ("state", "complete")]).lastValue == 0)
        #expect(try backend.expectGauge(MetricNames.queueOldestReadyAge, [("queue", "a")]).lastValue == 30)
        #expect(try backend.expectGauge(MetricNames.queuePaused, [("queue", "b")]).lastValue == 1)
        try await fixture.store.removeQueue("b")
        await gauges.refresh()
        #expect(backend.recorders(label: MetricNames.queuePaused, dimensions: [("queue", "b")]).isEmpty)
        #expect(try backend.expectGauge(MetricNames.queuePaused, [("queue", "a")]).lastValue == 0)
    }
}
