import AsyncJobs
import AsyncJobsTesting
import Synchronization

/// A door handlers wait at until a test opens it. `wait` ignores cancellation on purpose, to model
/// handlers that do not cooperate.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let open = state.withLock { state -> Bool in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Counts handlers running at once and the most ever seen.
final class ConcurrencyMeter: Sendable {
    private let state = Mutex<(now: Int, peak: Int, total: Int)>((0, 0, 0))

    func enter() { state.withLock { $0.now += 1; $0.total += 1; $0.peak = max($0.peak, $0.now) } }
    func leave() { state.withLock { $0.now -= 1 } }
    var now: Int { state.withLock { $0.now } }
    var peak: Int { state.withLock { $0.peak } }
    var total: Int { state.withLock { $0.total } }
}

/// A memory store on a manual clock with helpers to run pools against it.
struct PoolFixture {
    let clock = ManualClock()
    let store: MemoryStore

    init() { store = MemoryStore(clock: clock) }

    /// A pool on the fixture's store and clock with a fast, fixed-range retry policy.
    func pool(queue: String = "work", concurrency: Int = 10, name: String = "w1", seed: UInt64 = 1,
              retry: any RetryPolicy = IntervalRetryPolicy(intervals: [.seconds(1)], jitter: 1),
              leaseWindow: Duration = Claim.defaultLeaseWindow,
              _ register: (inout Router) throws -> Void) throws -> WorkerPool {
        var router = Router()
        try register(&router)
        return WorkerPool(store: store, queue: queue, router: router, concurrency: concurrency, retryPolicy: retry,
                          clock: clock, workerName: name, leaseWindow: leaseWindow, random: SeededRandom(seed: seed))
    }

    /// Starts `pool.run()` in a task of its own.
    func start(_ pool: WorkerPool) -> Task<Void, any Error> { Task { try await pool.run() } }

    func state(_ id: String) async throws -> TaskState { try await store.task(id: id).state }

    /// Waits until task `id` is in `state`.
    func wait(_ id: String, is state: TaskState, file: String = #fileID, line: Int = #line) async throws {
        try await eventually("\(id) to be \(state)", file: file, line: line) { try await self.state(id) == state }
    }

    /// Advances the clock in small steps until `condition` holds; returns how far it moved.
    @discardableResult
    func advance(by step: Duration = .milliseconds(100), atMost limit: Duration, until condition: () async throws -> Bool) async throws -> Duration {
        var moved = Duration.zero
        while moved <= limit {
            if try await condition() { return moved }
            for _ in 0..<20 { await Task.yield() }
            if try await condition() { return moved }
            clock.advance(by: step)
            moved += step
            try await Task.sleep(for: .milliseconds(2))
        }
        throw ConformanceFailure(message: "condition not met within \(limit) of clock time", location: #fileID)
    }
}
