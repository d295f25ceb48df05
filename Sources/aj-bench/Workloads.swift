import AsyncJobs
import Foundation
import Logging
import Synchronization

/// The benchmark workloads, each on a fresh store from `makeStore`, with no-op handlers.
struct Workloads {
    /// Makes a new, empty store.
    let makeStore: @Sendable () async throws -> any JobStore
    /// How the store commits, for the report ("FULL", "NORMAL", "memory").
    let durability: String
    /// Handler slots of the pool.
    let concurrency: Int

    static let queue = "bench"

    func freshStore() async throws -> any JobStore {
        let store = try await makeStore()
        try await store.createQueue(Queue(name: Self.queue, maxConcurrent: 10_000, maxRunTime: .seconds(60)))
        return store
    }

    static func tasks(_ count: Int, from start: Int = 0) -> [JobTask] {
        (start..<start + count).map { JobTask(id: "t\($0)", type: "noop", queue: queue, payload: Data(#"{"n":1}"#.utf8)) }
    }

    /// A pool whose handler only counts, and records dispatch latency when asked.
    func makePool(_ store: any JobStore, latency: LatencyRecorder? = nil) throws -> WorkerPool {
        var router = Router()
        try router.register("") { task, _ in
            latency?.record(task)
            return .null
        }
        var logger = Logger(label: "aj-bench")
        logger.logLevel = .warning
        return WorkerPool(store: store, queue: Self.queue, router: router, concurrency: concurrency, logger: logger)
    }

    /// Tasks enqueued one per call by `producers` concurrent producers.
    func enqueueSingle(_ count: Int, producers: Int) async throws -> BenchResult {
        let store = try await freshStore()
        let elapsed = try await time { try await produce(count, producers: producers, into: store) }
        return BenchResult(workload: "enqueue_single", durability: durability, config: "\(producers) producers",
                           perSecond: Double(count) / elapsed.seconds)
    }

    /// Tasks enqueued through `enqueue([JobTask])` in batches of `batch`.
    func enqueueBatched(_ count: Int, batch: Int) async throws -> BenchResult {
        let store = try await freshStore()
        let elapsed = try await time {
            for start in stride(from: 0, to: count, by: batch) {
                try await store.enqueue(Self.tasks(min(batch, count - start), from: start))
            }
        }
        return BenchResult(workload: "enqueue_batch", durability: durability, config: "batches of \(batch)",
                           perSecond: Double(count) / elapsed.seconds)
    }

    /// A backlog of `count` worked off by the pool.
    func drain(_ count: Int, backlog: Int? = nil, workload: String = "drain") async throws -> BenchResult {
        let store = try await freshStore()
        // The backlog holds at least the tasks to drain, or the wait below could never end.
        let total = max(backlog ?? count, count)
        for start in stride(from: 0, to: total, by: 10_000) {
            try await store.enqueue(Self.tasks(min(10_000, total - start), from: start))
        }
        let pool = try makePool(store)
        let elapsed = try await time {
            let run = Task { try await pool.run() }
            try await waitForCompletions(count, of: pool)
            pool.stop()
            try await run.value
        }
        return BenchResult(workload: workload, durability: durability,
                           config: "\(concurrency) slots, backlog \(total)", perSecond: Double(count) / elapsed.seconds)
    }

    /// Producers and the pool running together; each producer enqueues `batch` tasks per call.
    func endToEnd(_ count: Int, producers: Int, batch: Int = 1) async throws -> BenchResult {
        let store = try await freshStore()
        let pool = try makePool(store)
        let run = Task { try await pool.run() }
        let elapsed = try await time {
            try await produce(count, producers: producers, batch: batch, into: store)
            try await waitForCompletions(count, of: pool)
        }
        pool.stop()
        try await run.value
        let calls = batch == 1 ? "one task per call" : "\(batch) tasks per call"
        return BenchResult(workload: "e2e", durability: durability,
                           config: "\(producers) producers, \(calls), \(concurrency) slots",
                           perSecond: Double(count) / elapsed.seconds)
    }

    /// Enqueue → handler start at a steady `rate` per second.
    func dispatchLatency(_ count: Int, rate: Double) async throws -> BenchResult {
        let store = try await freshStore()
        let recorder = LatencyRecorder()
        let pool = try makePool(store, latency: recorder)
        let run = Task { try await pool.run() }
        try await Task.sleep(for: .milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<count {
            try await clock.sleep(until: start + .nanoseconds(Int64(Double(index) / rate * 1e9)))
            try await store.enqueue(Self.tasks(1, from: index))
        }
        try await waitForCompletions(count, of: pool)
        pool.stop()
        try await run.value
        let (p50, p99) = recorder.percentiles()
        return BenchResult(workload: "dispatch", durability: durability, config: "\(Int(rate))/s, \(concurrency) slots",
                           p50Milliseconds: p50, p99Milliseconds: p99)
    }

    /// Enqueues tasks `0..<count` from `producers` concurrent producers, `batch` tasks per call.
    private func produce(_ count: Int, producers: Int, batch: Int = 1, into store: any JobStore) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for producer in 0..<producers {
                group.addTask {
                    for start in stride(from: producer * batch, to: count, by: producers * batch) {
                        try await store.enqueue(Self.tasks(min(batch, count - start), from: start))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private func waitForCompletions(_ count: Int, of pool: WorkerPool) async throws {
        while pool.snapshot.finished[.complete, default: 0] < count {
            try await Task.sleep(for: .microseconds(500))
        }
    }

    private func time(_ body: () async throws -> Void) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        return clock.now - start
    }
}

/// Collects enqueue → handler start delays (a task's `created` is stamped just before its enqueue).
final class LatencyRecorder: Sendable {
    private let samples = Mutex<[Double]>([])

    func record(_ task: JobTask) {
        let milliseconds = Double((Timestamp.now - task.created).nanoseconds) / 1e6
        samples.withLock { $0.append(milliseconds) }
    }

    func percentiles() -> (p50: Double, p99: Double) {
        let sorted = samples.withLock { $0.sorted() }
        guard !sorted.isEmpty else { return (0, 0) }
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))])
    }
}
