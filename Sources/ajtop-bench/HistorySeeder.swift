import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting

/// Writes `days` of a queue's history ending now, through the SQLite store's public API with a clock it
/// sets: every hour a batch of tasks is enqueued, claimed after a wait and resolved after a run (most
/// complete, some fail and retry, a few are terminated), more by day than by night and more on recent days;
/// the last five minutes get a batch each, so "the last 5 minutes" and "the last hour" have samples too.
/// What ajtop then shows of it (the 7-day chart, the latency table, P95WAIT) comes from the store's own
/// per-minute history, as it would for real work.
struct HistorySeeder {
    /// The queue written to (created when missing).
    var queue = "history"
    /// How far back the history starts.
    var days: Int

    /// Writes the history into the store at `path`; returns how many attempts it made.
    func run(path: String, now: Timestamp = .now) async throws -> Int {
        let start = now - .seconds(Int64(days) * 86_400)
        let clock = ManualClock(start: start)
        let store = try SQLiteStore(path: path, clock: clock)
        if (try? await store.queue(named: queue)) == nil {
            try await store.createQueue(Queue(name: queue, maxConcurrent: 50, maxTries: 3))
        }
        var random = SeededRandom(seed: 17)
        var attempts = 0
        let hours = days * 24
        let instants = (0..<hours).map { start + .seconds(Int64($0) * 3600) }
            + (1...5).reversed().map { now - .seconds(Int64($0) * 60) }
        for (index, instant) in instants.enumerated() {
            let hourOfDay = index % 24
            // A daily rhythm (busy from 08:00 to 20:00) that grows towards today.
            let size = (hourOfDay >= 8 && hourOfDay < 20 ? 12 : 3) + index * 8 / max(1, instants.count)
            clock.advance(to: instant)
            try await store.enqueue((0..<size).map { number in
                JobTask(type: number % 3 == 0 ? "report:render" : "email:send", queue: queue, created: instant)
            })
            clock.advance(to: instant + .milliseconds(Int64.random(in: 5...400, using: &random)))
            // Everything due is worked off, the batch and the retries that came due since the last one, so
            // waits stay those of a queue that keeps up.
            while case let claims = try await store.claim(queue: queue, upTo: 50, worker: "seeder"), !claims.isEmpty {
                for claim in claims {
                    clock.advance(to: clock.now() + .milliseconds(Int64.random(in: 20...1_000, using: &random)))
                    let resolution: Resolution = switch Int.random(in: 0..<20, using: &random) {
                    case 0..<16: .complete(result: "ok")
                    case 16..<19: .retry(at: clock.now() + .seconds(90), outcome: .failed, error: "smtp: connection refused")
                    default: .terminate(error: "bad payload")
                    }
                    try await store.resolve(claim, resolution)
                    attempts += 1
                }
            }
        }
        return attempts
    }
}
