import AsyncJobs
import Synchronization

/// What the JetStream store has counted for the per-minute history and not yet written to `AJTOP_STATS`,
/// and the task that writes it every ``flushInterval``.
///
/// Claims and resolutions only add to the in-memory ledger (no request on the hot path); a flush appends
/// one message per queue of the pending rows.
final class StatsRecorder: Sendable {
    /// How often pending deltas are written: what a crash can lose at most.
    static let flushInterval: Duration = .seconds(5)

    /// The rows counted since the last flush.
    let pending = Mutex(MinuteStatsLedger())
    /// One flush at a time, so a read that flushes first waits for a flush already writing its rows.
    let flushes = SerialGate()
    private let flusher = Mutex<Task<Void, Never>?>(nil)

    /// Adds to the pending rows.
    func record(_ change: (inout MinuteStatsLedger) -> Void) {
        pending.withLock { change(&$0) }
    }

    /// Starts `flush` every ``flushInterval`` (wall time, whatever the store's clock) until ``stop()``.
    func start(_ flush: @escaping @Sendable () async -> Void) {
        let task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.flushInterval)
                guard !Task.isCancelled else { return }
                await flush()
            }
        }
        flusher.withLock { $0 = task }
    }

    /// Stops the periodic flushes.
    func stop() {
        flusher.withLock { $0?.cancel() }
    }
}
