extension MemoryStore {
    public func createSchedule(_ schedule: ScheduledTask) async throws {
        try schedule.validate()
        try mutate { state, _ throws(JobError) in
            guard state.schedules[schedule.name] == nil else { throw .scheduleExists(schedule.name) }
            if schedule.queue != Queue.defaultName { _ = try state.queue(schedule.queue) }
            var fresh = schedule
            (fresh.lastFire, fresh.lastTaskID, fresh.skippedFires) = (nil, nil, 0)
            state.schedules[schedule.name] = fresh
            state.version += 1
        }
    }

    public func schedule(named name: String) async throws -> ScheduledTask {
        try read { state, _ throws(JobError) in
            guard let schedule = state.schedules[name] else { throw .scheduleNotFound(name) }
            return schedule
        }
    }

    public func schedules() async throws -> [ScheduledTask] {
        read { state, _ in state.schedules.values.sorted { $0.name < $1.name } }
    }

    public func removeSchedule(named name: String) async throws {
        try mutate { state, _ throws(JobError) in
            guard state.schedules.removeValue(forKey: name) != nil else { throw .scheduleNotFound(name) }
            state.version += 1
        }
    }

    public func campaign(election: String, candidate: String, ttl: Duration) async throws -> Leadership {
        try mutate { state, now in
            let current = state.elections[election]
            if let current, current.leader != candidate, current.expires > now { return current }
            let continuing = current.map { $0.leader == candidate && $0.expires > now } ?? false
            let term = continuing ? current!.term : (current?.term ?? 0) + 1
            let leadership = Leadership(election: election, leader: candidate, term: term, expires: now + ttl)
            state.elections[election] = leadership
            state.version += 1
            return leadership
        }
    }

    public func resign(election: String, candidate: String) async throws {
        try mutate { state, now in
            guard var current = state.elections[election], current.leader == candidate, current.expires > now else { return }
            current.expires = now
            state.elections[election] = current
            state.version += 1
        }
    }

    public func leadership(election: String) async throws -> Leadership? {
        read { state, _ in state.elections[election] }
    }

    public func recordFire(schedule name: String, slot: Timestamp, task: JobTask?, skipped: Int,
                           leadership: Leadership) async throws -> FireReceipt {
        try task?.validate()
        return try mutate { state, now throws(JobError) in
            guard var schedule = state.schedules[name] else { throw .scheduleNotFound(name) }
            guard let current = state.elections[leadership.election], current.term == leadership.term,
                  current.isHeld(by: leadership.leader, at: now)
            else { return .notLeader }
            if let last = schedule.lastFire, last >= slot { return .alreadyFired }
            if let task {
                guard state.tasks[task.id] == nil else { return .alreadyFired }
                try state.enqueue([task], at: now)
                schedule.lastTaskID = task.id
            }
            schedule.lastFire = slot
            schedule.skippedFires += skipped
            state.schedules[name] = schedule
            state.version += 1
            return .fired
        }
    }
}
