import AsyncJobs
import Foundation
import JetStream

/// Leasing work: rescue the queue's expired leases, publish its due retries, then pull from `WORKERS` (whose
/// MaxAckPending is the queue's MaxConcurrent across every process, Go workers included) and lease what
/// may run.
extension JetStreamStore {
    public func claim(queue name: String, upTo: Int, worker: String, leaseWindow: Duration) async throws -> [Claim] {
        try await write("claiming from queue \(name)") {
            let now = clock.now()
            let queue = try read { mirror throws(JobError) in try mirror.queue(name) }
            try await rescueExpiredLeases(of: name, now: now)
            try await publishDueRetries(of: name, now: now)
            guard !queue.paused, upTo > 0 else { return [] }
            let active = read { mirror in mirror.items(of: name).count(where: \.isLeased) }
            let free = min(upTo, queue.maxConcurrent - active)
            guard free > 0 else { return [] }
            let messages: [JetStreamMessage]
            do {
                messages = try await js.fetch(stream: StoreLayout.queueStream(name), consumer: StoreLayout.workersConsumer,
                                              batch: free, noWait: true)
            } catch JetStreamError.pullTerminated {
                return []
            }
            var claims: [Claim] = []
            for message in messages {
                if let claim = try await lease(message, queue: queue, worker: worker, window: leaseWindow, now: now) {
                    claims.append(claim)
                }
            }
            return claims
        }
    }

    /// Leases the task a delivered work item names, or settles the item when the task must not run (gone,
    /// final, terminated, past its deadline or MaxAge, out of tries, or not due yet); nil when not leased.
    private func lease(_ message: JetStreamMessage, queue: Queue, worker: String, window: Duration,
                       now: Timestamp) async throws -> Claim? {
        let ackSubject = message.message.reply ?? ""
        guard let job = try? JSONDecoder().decode(WorkItem.self, from: Data(message.payload)), !job.job.isEmpty else {
            try await acknowledge(ackSubject, .term(reason: "not a work item"))
            return nil
        }
        let id = job.job
        if read({ $0.tasks[id] }) == nil { try await refresh(id) }
        guard let stored = read({ $0.tasks[id] }), var run = read({ $0.run(of: id) }) else {
            try await acknowledge(ackSubject, .term(reason: "task not found"))
            return nil
        }
        var task = stored.value
        if let lease = run.item?.lease {
            // The server redelivered an item a live lease holds (its AckWait ran out first): the holder keeps
            // it, and acknowledges through the new delivery.
            run.item?.lease?.ackSubject = ackSubject
            try await putRun(run, of: id)
            try await acknowledge(ackSubject, .inProgress)
            _ = lease
            return nil
        }
        guard var item = run.item, !task.state.isFinal, task.state != .active else {
            // Final (or run by a Go worker, which holds its own delivery): nothing for this engine to start.
            if task.state.isFinal || run.item == nil { try await acknowledge(ackSubject, .term(reason: "task is \(task.state.rawValue)")) }
            return nil
        }
        if item.available > now {
            // Not due yet: release the slot now and publish the item again when it is (never a delayed NAK,
            // which would hold a MaxAckPending slot while it waits).
            item.published = false
            run.item = item
            try await putRun(run, of: id)
            try await acknowledge(ackSubject, .ack)
            return nil
        }
        if let expiry = expiryReason(task, item: item, queue: queue, now: now) {
            run.item = nil
            try await putRun(run, of: id)
            task.state = .expired
            task.lastError = expiry
            try await putTask(task, expecting: stored.sequence)
            try await acknowledge(ackSubject, .ack)
            try await publishEvent(task, at: now)
            return nil
        }
        let attempt = run.attempts.count + 1
        let expires = now + Claim.leaseDuration(window: window, queue: queue)
        item.lease = RunRecord.LeaseRecord(worker: worker, attempt: attempt, started: now, expires: expires, ackSubject: ackSubject)
        item.published = true
        run.item = item
        run.attempts.append(Attempt(n: attempt, worker: worker, started: now))
        do {
            try await putRun(run, of: id)
        } catch is Conflict {
            // Another process changed the record since this one read it: let the item go to whoever may run it.
            try await refresh(id)
            try await acknowledge(ackSubject, .nak(delay: nil))
            return nil
        }
        task.state = .active
        task.tries += 1
        task.tried = now
        task.lastError = nil
        try await putTask(task, expecting: stored.sequence)
        try await publishEvent(task, at: now)
        return Claim(task: task, queue: queue, worker: worker, attempt: attempt, started: now, leaseExpires: expires)
    }

    /// Why a ready task must expire instead of running, if it must: its deadline or the queue's MaxAge
    /// passed, or (asyncjobs' pre-check) it has used its own MaxTries.
    func expiryReason(_ task: JobTask, item: RunRecord.Item, queue: Queue, now: Timestamp) -> String? {
        if let deadline = task.deadline, deadline < now { return AttemptRules.deadlineError }
        if queue.maxAge > .zero, now - item.enqueued > queue.maxAge { return AttemptRules.maxAgeError }
        return nil
    }

    /// Publishes the work items of the queue's retries that came due, each once: the item first (with a
    /// `Nats-Msg-Id` naming the attempt, so a second process doing the same is deduplicated), then the record.
    func publishDueRetries(of name: String, now: Timestamp) async throws {
        let due = read { mirror in
            mirror.runs.compactMap { id, stored -> String? in
                guard let item = stored.value.item, item.queue == name, !item.published, !item.isLeased,
                      item.available <= now else { return nil }
                return id
            }
        }
        for id in due {
            guard var run = read({ $0.runs[id]?.value }), var item = run.item else { continue }
            try await publishItem(queue: name, task: id, dedupe: "\(id):\(run.attempts.count)")
            item.published = true
            run.item = item
            do {
                try await putRun(run, of: id)
            } catch is Conflict {
                try await refresh(id)
            }
        }
    }

    /// The body of a work item.
    struct WorkItem: Decodable {
        var kind: Int?
        var job: String
    }
}
