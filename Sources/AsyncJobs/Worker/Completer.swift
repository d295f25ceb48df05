import Logging

/// Writes the pool's finished attempts to the store in batches: while one batch is being written, the
/// attempts that finish meanwhile gather for the next. Idle, an attempt is written alone at once; under
/// load one store call (one transaction in SQLite) covers many, which is what lets throughput pass the
/// per-call overhead. Each caller still gets its own receipt only after its resolution is stored.
final class Completer: Sendable {
    /// Most resolutions in one store call, so one huge batch never delays the first in it for long.
    static let maxBatch = 256

    private struct Pending {
        let item: ClaimResolution
        let continuation: CheckedContinuation<ResolutionReceipt?, Never>
    }

    private let pending = BatchingQueue<Pending>(maxBatch: Completer.maxBatch)
    private let store: any WorkerStore
    private let clock: any JobClock
    private let discarding: DiscardStates
    private let logger: Logger

    init(store: any WorkerStore, clock: any JobClock, discarding: DiscardStates, logger: Logger) {
        self.store = store
        self.clock = clock
        self.discarding = discarding
        self.logger = logger
    }

    /// Stores `resolution` for `claim` with whatever else is pending; nil if the store kept failing (the
    /// lease then runs out and the task is rescued, so nothing is lost).
    func submit(_ claim: Claim, _ resolution: Resolution) async -> ResolutionReceipt? {
        await withCheckedContinuation { continuation in
            let startFlushing = pending.submit(Pending(item: ClaimResolution(claim, resolution, discarding: discarding),
                                                       continuation: continuation))
            if startFlushing { Task { await self.flush() } }
        }
    }

    /// Writes batches until nothing is pending.
    private func flush() async {
        while case let batch = pending.nextBatch(), !batch.isEmpty {
            let receipts = await write(batch.map(\.item))
            for (index, pending) in batch.enumerated() { pending.continuation.resume(returning: receipts?[index]) }
        }
    }

    /// One store call, retried briefly when the store fails (a lock held past the busy timeout, a full disk).
    private func write(_ items: [ClaimResolution]) async -> [ResolutionReceipt]? {
        for attempt in 1...5 {
            do {
                let receipts = try await store.resolve(items)
                for (item, receipt) in zip(items, receipts) where receipt == .leaseLost {
                    logger.warning("discarded the result of \(item.claim.task.id) attempt \(item.claim.attempt): its lease was lost")
                }
                return receipts
            } catch {
                logger.error("storing \(items.count) results failed (try \(attempt) of 5): \(error)")
                try? await clock.sleep(until: clock.now() + .milliseconds(200 * attempt))
            }
        }
        return nil
    }
}
