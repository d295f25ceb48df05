import AsyncJobs

/// Scheduled tasks and the election lease rows of their schedulers (``AsyncJobs/ScheduleStore``).
extension StoreSession {
    private static let scheduleColumns = """
        name, schedule, time_zone, queue, task_type, payload, deadline_ns, max_tries, missed_fires, created_ns,
        last_fire_ns, last_task, skipped
        """

    /// The schedule in the statement's current row (``scheduleColumns`` order).
    private static func decodeSchedule(_ row: Statement) throws -> ScheduledTask {
        guard let policy = MissedFirePolicy(rawValue: row.text(8)) else {
            throw JobError.storage("schedule \(row.text(0)) has an unknown missed-fire policy \"\(row.text(8))\" in the store")
        }
        return ScheduledTask(
            name: row.text(0), schedule: row.text(1), timeZone: row.text(2), queue: row.text(3), taskType: row.text(4),
            payload: row.data(5), deadline: row.optionalInt64(6).map { .nanoseconds($0) }, maxTries: row.int(7),
            missedFires: policy, createdAt: Timestamp(nanoseconds: row.int64(9)),
            lastFire: row.optionalInt64(10).map(Timestamp.init(nanoseconds:)), lastTaskID: row.optionalText(11),
            skippedFires: row.int(12))
    }

    /// Inserts a new schedule; `scheduleExists`, or `queueNotFound` for a missing queue other than DEFAULT.
    func createSchedule(_ schedule: ScheduledTask) throws {
        try schedule.validate()
        if schedule.queue != Queue.defaultName { _ = try loadQueue(schedule.queue) }
        let inserted = try db.execute("""
            INSERT INTO schedules(name, schedule, time_zone, queue, task_type, payload, deadline_ns, max_tries,
                missed_fires, created_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING
            """, [schedule.name, schedule.schedule, schedule.timeZone, schedule.queue, schedule.taskType, schedule.payload,
                  schedule.deadline.map { Int64($0.nanoseconds) }, schedule.maxTries, schedule.missedFires.rawValue,
                  schedule.createdAt])
        guard inserted == 1 else { throw JobError.scheduleExists(schedule.name) }
    }

    /// The schedule; `scheduleNotFound` if none.
    func loadSchedule(_ name: String) throws -> ScheduledTask {
        guard let schedule = try db.queryFirst("SELECT \(Self.scheduleColumns) FROM schedules WHERE name = ?", name,
                                               row: Self.decodeSchedule)
        else { throw JobError.scheduleNotFound(name) }
        return schedule
    }

    /// Every schedule by name.
    func schedules() throws -> [ScheduledTask] {
        try db.query("SELECT \(Self.scheduleColumns) FROM schedules ORDER BY name", row: Self.decodeSchedule)
    }

    /// Deletes the schedule; `scheduleNotFound` if none.
    func removeSchedule(_ name: String) throws {
        guard try db.execute("DELETE FROM schedules WHERE name = ?", name) == 1 else { throw JobError.scheduleNotFound(name) }
    }

    /// The election's lease row, if it was ever taken.
    func leadership(election: String) throws -> Leadership? {
        try db.queryFirst("SELECT leader, term, expires_ns FROM elections WHERE election = ?", election) { row in
            Leadership(election: election, leader: row.text(0), term: row.int64(1), expires: Timestamp(nanoseconds: row.int64(2)))
        }
    }

    /// Takes or renews the lease for `candidate` unless another holds it unexpired; the leadership now.
    func campaign(election: String, candidate: String, ttl: Duration) throws -> Leadership {
        let current = try leadership(election: election)
        if let current, current.leader != candidate, current.expires > now { return current }
        let continuing = current.map { $0.isHeld(by: candidate, at: now) } ?? false
        let leadership = Leadership(election: election, leader: candidate,
                                    term: continuing ? current!.term : (current?.term ?? 0) + 1, expires: now + ttl)
        try db.execute("""
            INSERT INTO elections(election, leader, term, expires_ns) VALUES (?, ?, ?, ?)
            ON CONFLICT(election) DO UPDATE SET leader = excluded.leader, term = excluded.term, expires_ns = excluded.expires_ns
            """, election, candidate, leadership.term, leadership.expires)
        return leadership
    }

    /// Ends `candidate`'s lease now, if it holds it.
    func resign(election: String, candidate: String) throws {
        try db.execute("UPDATE elections SET expires_ns = ?1 WHERE election = ?2 AND leader = ?3 AND expires_ns > ?1",
                       now, election, candidate)
    }

    /// The fenced record of one fire (see ``AsyncJobs/ScheduleStore/recordFire(schedule:slot:task:skipped:leadership:)``).
    func recordFire(schedule name: String, slot: Timestamp, task: JobTask?, skipped: Int,
                    leadership: Leadership) throws -> FireReceipt {
        let schedule = try loadSchedule(name)
        guard let current = try self.leadership(election: leadership.election), current.term == leadership.term,
              current.isHeld(by: leadership.leader, at: now)
        else { return .notLeader }
        if let last = schedule.lastFire, last >= slot { return .alreadyFired }
        if let task {
            guard try db.scalar("SELECT 1 FROM tasks WHERE id = ?", task.id) == nil else { return .alreadyFired }
            try enqueue([task])
        }
        try db.execute("""
            UPDATE schedules SET last_fire_ns = ?, last_task = coalesce(?, last_task), skipped = skipped + ? WHERE name = ?
            """, slot, task?.id, skipped, name)
        return .fired
    }
}
