import AsyncJobs

/// What the store's attempt histories say about a run: the store's own account of who held each task when,
/// checked for double leases and counted for the report.
struct AttemptAudit {
    /// Every attempt, by task id, oldest first.
    let byTask: [String: [Attempt]]

    /// Reads the history of every task in `tasks` from `store`.
    init(store: any JobStore, tasks: [JobTask]) async throws {
        var byTask: [String: [Attempt]] = [:]
        for task in tasks { byTask[task.id] = try await store.attempts(taskID: task.id) }
        self.byTask = byTask
    }

    /// Attempts of one task whose lease intervals overlap: the next began before the previous ended (an
    /// interrupted attempt ends when another worker rescued it), or the previous never ended.
    var overlaps: [(task: String, earlier: Attempt, later: Attempt)] {
        var found: [(String, Attempt, Attempt)] = []
        for (task, attempts) in byTask {
            let sorted = attempts.sorted { $0.n < $1.n }
            for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.ended.map({ $0 > later.started }) ?? true {
                found.append((task, earlier, later))
            }
        }
        return found
    }

    /// For every attempt interrupted by a kill of its worker (`killedAt`: when each killed worker died),
    /// the time from the kill to the start of the task's next attempt: how long a dead worker's task
    /// waited to come back.
    func comebacks(afterKillsAt killedAt: [String: Timestamp]) -> [Duration] {
        byTask.values.flatMap { attempts in
            let sorted = attempts.sorted { $0.n < $1.n }
            return zip(sorted, sorted.dropFirst()).compactMap { earlier, later -> Duration? in
                guard earlier.outcome == .interrupted, let killed = killedAt[earlier.worker] else { return nil }
                return later.started - killed
            }
        }
    }

    /// How many attempts ended with `outcome`.
    func count(_ outcome: Attempt.Outcome) -> Int {
        byTask.values.joined().count { $0.outcome == outcome }
    }

    /// All attempts.
    var total: Int { byTask.values.reduce(0) { $0 + $1.count } }

    /// Tasks whose last attempt is not `complete`, or that completed more than once.
    var tasksNotCompletedExactlyOnce: [String] {
        byTask.compactMap { task, attempts in
            let completions = attempts.count { $0.outcome == .complete }
            return completions == 1 && attempts.max(by: { $0.n < $1.n })?.outcome == .complete ? nil : task
        }
    }

    /// The most leases held at once at the start of an attempt that began in `window` (leases that ended at
    /// that very instant do not count: a freed slot may be reused at once).
    func peakLeases(startingIn window: ClosedRange<Timestamp>) -> Int {
        let attempts = Array(byTask.values.joined())
        var peak = 0
        for attempt in attempts where window.contains(attempt.started) {
            let held = attempts.count { other in
                other.started <= attempt.started && (other.ended.map { $0 > attempt.started } ?? true)
            }
            peak = max(peak, held)
        }
        return peak
    }
}
