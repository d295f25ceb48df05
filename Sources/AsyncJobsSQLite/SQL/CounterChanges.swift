import AsyncJobs

/// The changes one write makes to the maintained counters (tasks per queue and state, and each queue's
/// `active` leases), summed while its statements run and applied once when it ends.
///
/// A batch of a hundred resolutions then moves each counter row once instead of a hundred times, which
/// is what per-row triggers cost. Every statement that adds, removes or moves a task between states
/// reports it here; `MaintainedCountersTests` checks the counters against the rows after every kind of
/// operation.
final class CounterChanges {
    private struct Partition: Hashable {
        let queue: String
        let state: TaskState
    }

    private var tasks: [Partition: Int] = [:]
    private var leases: [String: Int] = [:]

    /// `n` tasks of `queue` joined `state`.
    func add(_ n: Int = 1, queue: String, state: TaskState) {
        guard n != 0 else { return }
        tasks[Partition(queue: queue, state: state), default: 0] += n
    }

    /// One task of `queue` moved from `old` to `new` (nothing when they are the same).
    func move(queue: String, from old: TaskState, to new: TaskState) {
        guard old != new else { return }
        add(-1, queue: queue, state: old)
        add(1, queue: queue, state: new)
    }

    /// `queue` holds `delta` more leases.
    func addLeases(_ delta: Int, queue: String) {
        guard delta != 0 else { return }
        leases[queue, default: 0] += delta
    }

    /// Writes the summed changes and forgets them. Sorted, so two writes never touch counter rows in
    /// different orders (and a failure message names the same row every time).
    func apply(to db: Connection) throws {
        for (partition, delta) in tasks.sorted(by: { ($0.key.queue, $0.key.state.rawValue) < ($1.key.queue, $1.key.state.rawValue) })
        where delta != 0 {
            try db.execute("""
                INSERT INTO counts(queue, state, n) VALUES (?, ?, ?)
                ON CONFLICT(queue, state) DO UPDATE SET n = n + excluded.n
                """, partition.queue, partition.state.rawValue, delta)
        }
        for (queue, delta) in leases.sorted(by: { $0.key < $1.key }) where delta != 0 {
            try db.execute("UPDATE queues SET active = active + ? WHERE name = ?", delta, queue)
        }
        tasks.removeAll(keepingCapacity: true)
        leases.removeAll(keepingCapacity: true)
    }
}
