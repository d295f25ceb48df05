import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting
import Foundation

/// A SQLite store on a manual clock holding `count` new tasks `t000000…` of queue `emails`, one nanosecond
/// apart, enqueued in batches of 10,000: the setting of the scale tests' figures.
struct ScaleStore {
    let files = TemporaryStorePath()
    let clock = ManualClock()
    let store: SQLiteStore

    /// Builds the store; `payload` gives each task's payload from its index.
    init(count: Int, payload: (Int) -> Data? = { _ in nil }) async throws {
        store = try SQLiteStore(path: files.store, clock: clock)
        try await store.createQueue(Queue(name: "emails"))
        let start = clock.now()
        for batch in stride(from: 0, to: count, by: 10_000) {
            try await store.enqueue((batch..<min(count, batch + 10_000)).map { index in
                JobTask(id: String(format: "t%06d", index), type: "email", queue: "emails", payload: payload(index),
                        created: start + .nanoseconds(Int64(index)))
            })
        }
    }
}
