import AsyncJobs
import JetStream

/// Scheduled tasks in asyncjobs' layout: the definition at `scheduled_tasks.<name>` of `CHORIA_AJ_CONFIGURATION`
/// (created with a KV create, as Go's `NewScheduledTask`), what the engine adds in `AJTOP_SCHEDULES`, and fires
/// fenced on the `CHORIA_AJ_ELECTIONS` lease (``JetStreamStore/campaign(election:candidate:ttl:)``).
///
/// A fire makes one task across processes: its id is derived from the schedule and the slot and its record
/// is written expecting no earlier message, so a second scheduler's task for the same fire is refused; the
/// last fire is then written with a compare-and-set on the extras' revision (the fire belongs to whoever
/// made its task, or for a skip to whoever recorded it first).
extension JetStreamStore: ScheduleStore {
    public func createSchedule(_ schedule: ScheduledTask) async throws {
        try schedule.validate()
        try await write("creating schedule \(schedule.name)") {
            if schedule.queue != Queue.defaultName, read({ $0.queues[schedule.queue] }) == nil {
                try await refreshQueues(force: true)
                guard read({ $0.queues[schedule.queue] }) != nil else { throw JobError.queueNotFound(schedule.queue) }
            }
            var fresh = schedule
            (fresh.lastFire, fresh.lastTaskID, fresh.skippedFires) = (nil, nil, 0)
            do {
                try await configurationBucket().create(StoreLayout.scheduleKey(schedule.name),
                                                       value: Array(fresh.asyncjobsJSON))
            } catch JetStreamError.keyExists {
                throw JobError.scheduleExists(schedule.name)
            }
            // Replaces what a removed schedule of the same name left.
            try await extrasBucket().put(schedule.name, value: ScheduleExtras(fresh).json)
        }
        changeWaiters.resume()
    }

    public func schedule(named name: String) async throws -> ScheduledTask {
        do {
            guard let stored = try await storedSchedule(name) else { throw JobError.scheduleNotFound(name) }
            return stored.definition.schedule(with: stored.extras)
        } catch {
            throw Self.storageError(error, "reading schedule \(name)")
        }
    }

    public func schedules() async throws -> [ScheduledTask] {
        do {
            let names = try await configurationBucket().keys()
                .filter { $0.hasPrefix(StoreLayout.scheduleKeyPrefix) }
                .map { String($0.dropFirst(StoreLayout.scheduleKeyPrefix.count)) }
            var schedules: [ScheduledTask] = []
            for name in names {
                // One removed between the listing and the read is left out.
                if let stored = try await storedSchedule(name) { schedules.append(stored.definition.schedule(with: stored.extras)) }
            }
            return schedules.sorted { $0.name < $1.name }
        } catch {
            throw Self.storageError(error, "listing schedules")
        }
    }

    public func removeSchedule(named name: String) async throws {
        try await write("removing schedule \(name)") {
            guard try await configurationBucket().get(StoreLayout.scheduleKey(name)) != nil else {
                throw JobError.scheduleNotFound(name)
            }
            // As Go's `RemoveScheduledTask`: a delete marker on the key.
            try await configurationBucket().delete(StoreLayout.scheduleKey(name))
            try await extrasBucket().delete(name)
        }
        changeWaiters.resume()
    }

    public func recordFire(schedule name: String, slot: Timestamp, task: JobTask?, skipped: Int,
                           leadership: Leadership) async throws -> FireReceipt {
        try task?.validate()
        // The fence and the schedule are read outside the gate: the task goes in through `enqueue`, which takes it.
        let stored: StoredSchedule
        do {
            guard let found = try await storedSchedule(name) else { throw JobError.scheduleNotFound(name) }
            stored = found
            guard let current = try await electionEntry(leadership.election), !current.vacant,
                  current.term == leadership.term, current.leadership.isHeld(by: leadership.leader, at: clock.now())
            else { return .notLeader }
        } catch {
            throw Self.storageError(error, "recording a fire of schedule \(name)")
        }
        if let last = stored.extras?.lastFire, last >= slot { return .alreadyFired }
        var madeTask = false
        if let task {
            do {
                try await enqueue([task])
                madeTask = true
            } catch JobError.taskExists {
                // Another scheduler made this fire's task. The last fire is still moved on below, so a fire whose
                // record was lost (a crash between the two writes) is not attempted again and again.
            }
        }
        let receipt = try await write("recording a fire of schedule \(name)") { () async throws -> FireReceipt in
            for _ in 0..<5 {
                let (latest, revision) = try await extrasRecord(name)
                var next = latest ?? ScheduleExtras(stored.definition.schedule(with: nil))
                let behind = next.lastFire.map { $0 < slot } ?? true
                // Whoever made the task owns the fire; a skip (no task) is owned by whoever records it first.
                let owns = task == nil ? behind : madeTask
                guard behind || owns else { return .alreadyFired }
                if behind {
                    next.lastFire = slot
                    if let task { next.lastTaskID = task.id }
                }
                if owns { next.skippedFires += skipped }
                do {
                    try await extrasBucket().update(name, value: next.json, revision: revision)
                    return owns ? .fired : .alreadyFired
                } catch let error as JetStreamError where error.isWrongLastSequence {
                    continue  // another scheduler recorded a fire of it meanwhile: look again
                }
            }
            throw JobError.storage("schedule \(name) kept changing under this fire (5 compare-and-set writes lost)")
        }
        changeWaiters.resume()
        return receipt
    }

    /// A schedule's definition and extras as stored, nil when it has no definition.
    private func storedSchedule(_ name: String) async throws -> StoredSchedule? {
        guard let entry = try await configurationBucket().get(StoreLayout.scheduleKey(name)) else { return nil }
        let definition = try AsyncJobsScheduledTask.decode(entry.value)
        return StoredSchedule(definition: definition, extras: try await extrasRecord(name).extras)
    }

    /// A schedule's extras (nil when none: a Go program made it) and the revision their next write expects.
    private func extrasRecord(_ name: String) async throws -> (extras: ScheduleExtras?, revision: UInt64) {
        guard let entry = try await extrasBucket().latestEntry(name) else { return (nil, 0) }
        return (entry.operation == .put ? try ScheduleExtras.decode(entry.value) : nil, entry.revision)
    }

    func configurationBucket() async throws -> KeyValueBucket { try await js.keyValue(StoreLayout.configurationBucket) }
    func extrasBucket() async throws -> KeyValueBucket { try await js.keyValue(StoreLayout.scheduleExtrasBucket) }
}

/// A schedule read from both buckets.
private struct StoredSchedule {
    var definition: AsyncJobsScheduledTask
    var extras: ScheduleExtras?
}
