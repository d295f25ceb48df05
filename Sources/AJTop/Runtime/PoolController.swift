import AsyncJobs
import Synchronization

/// Runs ``PoolRequest``s against the local worker pools and answers with their snapshots: the pools'
/// side of the effect loop, as ``StoreController`` is the store's.
///
/// Each pool's `run()` goes on a task of its own; stopping only asks the pool to drain, so its task ends
/// when the last running handler returns, and a later start runs the same pool again.
public final class PoolController: Sendable {
    /// The pools, in the order the Workers screen lists them.
    public let pools: [WorkerPool]
    private let runs = Mutex<[String: Task<Void, Never>]>([:])

    /// Creates a controller; nothing runs until ``execute(_:)`` gets ``PoolRequest/start``.
    public init(pools: [WorkerPool]) { self.pools = pools }

    /// Every pool's state now.
    public var snapshots: [PoolSnapshot] { pools.map(\.snapshot) }

    /// Performs `request`; the answer carries the pools' state afterwards.
    public func execute(_ request: PoolRequest) async -> Message {
        var error: String?
        switch request {
        case .start:
            let busy = pools.filter { $0.snapshot.phase == .draining }.map(\.queue)
            if !busy.isEmpty {
                error = "worker pool for \(busy.joined(separator: ", ")) is still draining"
            }
            for pool in pools where pool.snapshot.phase == .stopped { start(pool) }
            // `run()` marks its pool running as its first step; give it a moment so the answer is current
            // (a sample a tick later corrects it regardless).
            var spins = 0
            while spins < 1000, pools.contains(where: { $0.snapshot.phase == .stopped }) {
                spins += 1
                await Task.yield()
            }
        case .stop:
            for pool in pools { pool.stop() }
        case .setConcurrency(let queue, let value):
            if let pool = pools.first(where: { $0.queue == queue }) { pool.setConcurrency(value) }
            else { error = "no local worker pool serves queue \(queue)" }
        case .sample:
            break
        }
        return .pools(after: request, snapshots, error: error)
    }

    /// Ends every pool at once: running attempts are handed back to their queues as interrupted (runnable
    /// again immediately) and their handlers cancelled. Returns when the pools have written that down.
    public func shutdown() async {
        let tasks = runs.withLock { runs in
            defer { runs.removeAll() }
            return Array(runs.values)
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    private func start(_ pool: WorkerPool) {
        // The only error `run()` throws is "already running", and only a stopped pool is started.
        let task = Task { _ = try? await pool.run() }
        let previous = runs.withLock { runs in
            defer { runs[pool.workerName] = task }
            return runs[pool.workerName]
        }
        previous?.cancel()
    }
}
