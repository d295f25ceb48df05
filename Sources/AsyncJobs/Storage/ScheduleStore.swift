/// What schedulers and the tools that manage schedules need from storage: scheduled tasks (asyncjobs'
/// `CHORIA_AJ_CONFIGURATION` entries `scheduled_tasks.<name>` on JetStream), an election lease (its
/// `CHORIA_AJ_ELECTIONS` bucket), and the fenced record of each fire.
///
/// The engine's ``Scheduler`` decides when a schedule fires; the store only makes each fire happen once:
/// ``recordFire(schedule:slot:task:skipped:leadership:)`` writes nothing unless the leadership is current and
/// the slot is after the schedule's last fire, and fire task ids are the same in every scheduler
/// (``ScheduledTask/taskID(name:slot:)``), so a second task for one fire is refused as `taskExists` even by a
/// store that cannot make the check and the enqueue one step. Every requirement and the checks that cover it
/// are listed in `docs/writing-a-store.md`.
public protocol ScheduleStore: ChangeTracking {
    /// Stores a new schedule (validated: ``ScheduledTask/validate()``; its queue must exist, except
    /// `DEFAULT`); `scheduleExists` if one has the name. Nothing fired yet: last fire, task and skipped
    /// count are not taken from the argument.
    func createSchedule(_ schedule: ScheduledTask) async throws
    /// The schedule with what was fired; `scheduleNotFound` if none.
    func schedule(named name: String) async throws -> ScheduledTask
    /// Every schedule, sorted by name.
    func schedules() async throws -> [ScheduledTask]
    /// Removes a schedule (tasks it made stay); `scheduleNotFound` if none.
    func removeSchedule(named name: String) async throws

    /// Campaigns in `election` in one atomic step: when nobody holds the lease, it ran out, or `candidate`
    /// holds it, `candidate` gets (or renews) it until now + `ttl`; either way, the leadership as it now
    /// stands. The term grows only when the lease changes hands.
    func campaign(election: String, candidate: String, ttl: Duration) async throws -> Leadership
    /// Gives up the lease if `candidate` holds it, so another may take it at once (a clean shutdown).
    func resign(election: String, candidate: String) async throws
    /// The current leadership of `election`, nil when nobody has ever led (a lease that ran out is still
    /// returned, with its expiry in the past).
    func leadership(election: String) async throws -> Leadership?

    /// Records the fire of `schedule` due at `slot`, fenced, in one atomic step: `notLeader` unless
    /// `leadership` is still the election's current one (same leader and term, lease not run out);
    /// `alreadyFired` when the schedule's last fire is at or after `slot`, or `task`'s id exists already;
    /// otherwise `task` (nil when the fire is skipped) is enqueued as ``WorkerStore/enqueue(_:)`` would, the
    /// schedule's last fire becomes `slot` (its last task `task`'s id) and `skipped` is added to its
    /// skipped count. `scheduleNotFound` if the schedule is gone.
    func recordFire(schedule: String, slot: Timestamp, task: JobTask?, skipped: Int, leadership: Leadership) async throws
        -> FireReceipt
}
