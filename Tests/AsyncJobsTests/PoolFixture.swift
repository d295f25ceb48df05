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

/// Counts handlers running at once and the most ever seen; tests wait on its changes.
final class ConcurrencyMeter: Sendable {
    typealias Counts = (now: Int, peak: Int, total: Int)
    private let state = ObservedMutex<Counts>((0, 0, 0))

    func enter() { state.withLock { $0.now += 1; $0.total += 1; $0.peak = max($0.peak, $0.now) } }
    func leave() { state.withLock { $0.now -= 1 } }
    var now: Int { state.read { $0.now } }
    var peak: Int { state.read { $0.peak } }
    var total: Int { state.read { $0.total } }

    /// Returns once the counts satisfy `condition`, looking again each time a handler enters or leaves.
    func wait(until condition: (Counts) -> Bool) async throws {
        try await state.wait { condition($0) }
    }
}

/// A memory store on a manual clock with helpers to run pools against it.
struct PoolFixture {
    let clock = ManualClock()
    let store: MemoryStore

    init() { store = MemoryStore(clock: clock) }

    /// A pool on the fixture's store and clock with a fast, fixed-range retry policy.
    func pool(queue: String = "work", concurrency: Int = 10, name: String = "w1", seed: UInt64 = 1,
              retry: any RetryPolicy = IntervalRetryPolicy(intervals: [.seconds(1)], jitter: 1),
              metrics: JobMetrics = JobMetrics(),
              leaseWindow: Duration = Claim.defaultLeaseWindow, discarding: DiscardStates = .none,
              verifier: TaskVerifier? = nil, _ register: (inout Router) throws -> Void) throws -> WorkerPool {
        var router = Router()
        try register(&router)
        return WorkerPool(store: store, queue: queue, router: router, concurrency: concurrency, retryPolicy: retry,
                          discarding: discarding, verifier: verifier, clock: clock, workerName: name, leaseWindow: leaseWindow, random: SeededRandom(seed: seed),
                          metrics: metrics)
    }

    /// Starts `pool.run()` in a task of its own.
    func start(_ pool: WorkerPool) -> Task<Void, any Error> { Task { try await pool.run() } }

    func state(_ id: String) async throws -> TaskState { try await store.task(id: id).state }

    /// Waits until task `id` is in `state`.
    func wait(_ id: String, is state: TaskState) async throws {
        try await wait(id) { $0.state == state }
    }

    /// Waits until task `id` satisfies `condition`, looking again at every change of the store: the pool's
    /// writes wake the wait, so nothing polls and no wall-clock time matters. (The suite's time limit
    /// catches a change that never comes.)
    func wait(_ id: String, until condition: (JobTask) -> Bool) async throws {
        while true {
            let token = try await store.changeToken()
            if condition(try await store.task(id: id)) { return }
            _ = try await store.awaitChange(since: token, deadline: Self.never)
        }
    }

    /// Waits until task `id` is gone from the store.
    func waitUntilDeleted(_ id: String) async throws {
        while true {
            let token = try await store.changeToken()
            do { _ = try await store.task(id: id) } catch JobError.taskNotFound { return }
            _ = try await store.awaitChange(since: token, deadline: Self.never)
        }
    }

    /// Moves the clock to when the waiting task `id` is next due, so the pool's next claim takes it.
    func advanceToNextAttempt(of id: String) async throws {
        if let due = try await store.nextAttempt(taskID: id) { clock.advance(to: due) }
    }

    /// A deadline no test's clock reaches.
    private static let never = Timestamp(nanoseconds: .max)
}
