import Synchronization

/// Work that gathers while a batch is being handled, handed out in batches: the drain loop that both the
/// pool's completer (one store call per batch) and the SQLite writer (one transaction per batch) run.
///
/// Idle, the first item starts a drain and goes alone; under load everything that arrived during one batch
/// forms the next, so one expensive step (a store call, an fsync) covers many items. Exactly one drain runs
/// at a time: ``submit(_:)`` tells the one caller that must start it, and ``nextBatch()`` ends it
/// atomically with the queue found empty, so an item submitted at that moment starts a new drain.
package final class BatchingQueue<Item: Sendable>: Sendable {
    private struct State {
        var pending: [Item] = []
        var draining = false
    }

    /// Most items in one batch, so a flood of submitters still sees batches end at a steady pace.
    package let maxBatch: Int
    private let state = Mutex(State())

    /// Creates an empty queue handing out at most `maxBatch` items at a time.
    package init(maxBatch: Int) {
        self.maxBatch = maxBatch
    }

    /// Adds `item`; true when no drain is running, so the caller must start one.
    package func submit(_ item: Item) -> Bool {
        state.withLock { state in
            state.pending.append(item)
            defer { state.draining = true }
            return !state.draining
        }
    }

    /// The next batch, oldest first; empty when nothing is pending, which also ends the drain.
    package func nextBatch() -> [Item] {
        state.withLock { state in
            let batch = Array(state.pending.prefix(maxBatch))
            state.pending.removeFirst(batch.count)
            if batch.isEmpty { state.draining = false }
            return batch
        }
    }
}
