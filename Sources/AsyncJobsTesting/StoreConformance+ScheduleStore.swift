import AsyncJobs
import Foundation

/// The checks of ``ScheduleStore``: scheduled tasks, the election lease, and fires fenced on both.
extension StoreConformance.Context {
    /// The store as a ``ScheduleStore``; a failure naming the missing role when it is not one.
    func schedules() throws -> any ScheduleStore {
        guard let schedules = store as? any ScheduleStore else {
            throw ConformanceFailure(message: "the store is not a ScheduleStore: the scheduleStore checks need one",
                                     location: #fileID)
        }
        return schedules
    }

    func makeSchedule(_ name: String = "nightly", schedule: String = "@every 1m", queue: String = "work") -> ScheduledTask {
        ScheduledTask(name: name, schedule: schedule, timeZone: "Europe/Paris", queue: queue, taskType: "report",
                      payload: Data(#"{"a":1}"#.utf8), deadline: .seconds(90), maxTries: 3, missedFires: .skip, createdAt: now)
    }

    func scheduleLifecycle() async throws {
        try await makeQueue()
        var given = makeSchedule()
        given.lastFire = now
        given.skippedFires = 4
        try await schedules().createSchedule(given)
        try await schedules().createSchedule(makeSchedule("a-first", schedule: "0 9 * * MON-FRI", queue: Queue.defaultName))
        let stored = try await schedules().schedule(named: "nightly")
        var expected = makeSchedule()
        expected.lastFire = nil
        try requireEqual(stored, expected, "the schedule reads back as written, nothing fired")
        try requireEqual(try await schedules().schedules().map(\.name), ["a-first", "nightly"], "schedules sorted by name")
        try await requireThrows(JobError.scheduleExists("nightly"), "creating a name twice") {
            try await schedules().createSchedule(makeSchedule())
        }
        try await requireThrows(JobError.queueNotFound("elsewhere"), "a schedule for a missing queue") {
            try await schedules().createSchedule(makeSchedule("other", queue: "elsewhere"))
        }
        try await requireThrows(JobError.invalidName(kind: "schedule name", name: "bad.name"), "a bad name") {
            try await schedules().createSchedule(makeSchedule("bad.name"))
        }
        do {
            try await schedules().createSchedule(makeSchedule("broken", schedule: "61 * * * *"))
            try require(false, "a schedule that does not parse was stored")
        } catch JobError.invalidSetting {}
        try await schedules().removeSchedule(named: "nightly")
        try await requireThrows(JobError.scheduleNotFound("nightly"), "reading a removed schedule") {
            try await schedules().schedule(named: "nightly")
        }
        try await requireThrows(JobError.scheduleNotFound("nightly"), "removing it twice") {
            try await schedules().removeSchedule(named: "nightly")
        }
    }

    func electionHasOneLeaderAtATime() async throws {
        let election = Scheduler.election
        try requireEqual(try await schedules().leadership(election: election), nil, "nobody led yet")
        let first = try await schedules().campaign(election: election, candidate: "a", ttl: .seconds(10))
        try requireEqual(first, Leadership(election: election, leader: "a", term: 1, expires: now + .seconds(10)), "a wins")
        clock.advance(by: .seconds(3))
        try requireEqual(try await schedules().campaign(election: election, candidate: "b", ttl: .seconds(10)).leader, "a",
                         "b campaigns while a's lease runs")
        let renewed = try await schedules().campaign(election: election, candidate: "a", ttl: .seconds(10))
        try requireEqual(renewed.term, 1, "a renewal keeps the term")
        try requireEqual(renewed.expires, now + .seconds(10), "a renewal extends the lease")
        clock.advance(by: .seconds(10))
        let taken = try await schedules().campaign(election: election, candidate: "b", ttl: .seconds(10))
        try requireEqual(taken.leader, "b", "b takes the lease once it ran out")
        try requireEqual(taken.term, 2, "a hand-over moves the term")
        try requireEqual(try await schedules().campaign(election: election, candidate: "a", ttl: .seconds(10)).leader, "b",
                         "a, back, finds b leading")
        try await schedules().resign(election: election, candidate: "a")
        try requireEqual(try await schedules().leadership(election: election)?.leader, "b", "only the leader can resign")
        try await schedules().resign(election: election, candidate: "b")
        let next = try await schedules().campaign(election: election, candidate: "c", ttl: .seconds(10))
        try requireEqual(next.leader, "c", "a resigned lease is free at once")
        try requireEqual(next.term, 3, "term after the hand-over")
    }

    func firesAreFencedOnLeadershipAndSlot() async throws {
        try await makeQueue()
        try await schedules().createSchedule(makeSchedule())
        let schedule = try await schedules().schedule(named: "nightly")
        let leader = try await schedules().campaign(election: Scheduler.election, candidate: "a", ttl: .seconds(70))
        let slot = now + .seconds(60)
        clock.advance(by: .seconds(61))
        let task = schedule.task(forFireAt: slot, now: now)
        try requireEqual(task.id, ScheduledTask.taskID(name: "nightly", slot: slot), "fire task id")
        try requireEqual(try await schedules().recordFire(schedule: "nightly", slot: slot, task: task, skipped: 2, leadership: leader),
                         .fired, "the leader's fire")
        let made = try await store.task(id: task.id)
        try requireEqual(made.payload, Data(#"{"a":1}"#.utf8), "the payload's bytes, not encoded again")
        try requireEqual(made.deadline, now + .seconds(90), "deadline counted from creation")
        try requireEqual(made.state, .new, "state of the task made")
        try requireEqual(made.maxTries, 3, "max tries of the task made")
        try requireEqual(made.queue, "work", "queue of the task made")
        try requireEqual(made.type, "report", "type of the task made")
        let fired = try await schedules().schedule(named: "nightly")
        try requireEqual(fired.lastFire, slot, "last fire recorded")
        try requireEqual(fired.lastTaskID, task.id, "last task recorded")
        try requireEqual(fired.skippedFires, 2, "skipped fires counted")
        try requireEqual(try await schedules().recordFire(schedule: "nightly", slot: slot, task: task, skipped: 0, leadership: leader),
                         .alreadyFired, "the same fire again")
        let earlier = slot - .seconds(60)
        try requireEqual(try await schedules().recordFire(schedule: "nightly", slot: earlier,
                                                    task: schedule.task(forFireAt: earlier, now: now), skipped: 0, leadership: leader),
                         .alreadyFired, "an earlier fire")
        // A leader whose lease ran out, or was taken over, writes nothing.
        clock.advance(by: .seconds(20))
        let later = now
        try requireEqual(try await schedules().recordFire(schedule: "nightly", slot: later, task: schedule.task(forFireAt: later, now: now),
                                                    skipped: 0, leadership: leader), .notLeader, "a fire after the lease ran out")
        let other = try await schedules().campaign(election: Scheduler.election, candidate: "b", ttl: .seconds(10))
        _ = try await schedules().campaign(election: Scheduler.election, candidate: "a", ttl: .seconds(10))
        try requireEqual(try await schedules().recordFire(schedule: "nightly", slot: later, task: nil, skipped: 1, leadership: leader),
                         .notLeader, "a fire with the old leadership")
        try requireEqual(try await store.countTasks(TaskFilter()), 1, "tasks after refused fires")
        // A skipped fire records the slot and the count, and makes no task.
        try requireEqual(try await schedules().recordFire(schedule: "nightly", slot: later, task: nil, skipped: 1, leadership: other),
                         .fired, "a skipped fire by the new leader")
        try requireEqual(try await schedules().schedule(named: "nightly").lastFire, later, "last fire after a skip")
        try requireEqual(try await schedules().schedule(named: "nightly").lastTaskID, task.id, "last task kept after a skip")
        try requireEqual(try await store.countTasks(TaskFilter()), 1, "a skip makes no task")
        try await requireThrows(JobError.scheduleNotFound("gone"), "a fire of a missing schedule") {
            try await schedules().recordFire(schedule: "gone", slot: later, task: nil, skipped: 0, leadership: other)
        }
    }
}
