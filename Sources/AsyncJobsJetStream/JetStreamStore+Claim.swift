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
            let queue = try await knownQueue(name)
            let rescued = try await rescueExpiredLeases(of: name, now: now)
            try await publishDueRetries(of: name, now: now)
            guard !queue.paused, upTo > 0 else { return [] }
            let (active, unleased) = read { mirror in
                let index = mirror.index[name]
                return (index?.leased.count ?? 0, (index?.waiting.count ?? 0) - (index?.unpublished.count ?? 0))
            }
            // Items in the queue stream and not leased, as far as this process knows: waiting tasks but for
            // retries not yet published and enqueues still publishing theirs (any queue's, to stay O(1)).
            let ready = unleased - itemsBeingPublished.load(ordering: .relaxed)
            let free = min(upTo, queue.maxConcurrent - active)
            guard free > 0 else { return [] }
            // The queue delivers in stream order; a few more are looked at so that work is leased oldest
            // first (by when it became ready, then id) where the stream's order differs (an operator retry's
            // item is at the back). Only where MaxDeliver is unlimited: the extra deliveries are NAKed back,
            // and each counts as a delivery.
            let lookahead = queue.maxTries == -1 ? min(Self.claimLookahead, queue.maxConcurrent - active - free) : 0
            // What this process's standing pull delivered comes first. While it waits with the server, nothing
            // is asked for again: the server delivers what the queue has to the pull that waits longest, so a
            // standing pull still waiting means the consumer had nothing more to hand out.
            var messages = standingPulls.take(name, upTo: free)
            // Rescued items go back to the consumer behind what it already delivered, yet come first by age:
            // with rescues, the deliveries in hand do not fill the slots, and the surplus is NAKed back below.
            let inHand = messages.count
            let covered = rescued > 0 ? 0 : inHand
            do {
                // Never more than MaxAckPending lets through (the deliveries in hand are pending too): the server
                // holds a pull asking for more open until a slot frees, and the claim waits for it.
                let batch = min(free - covered + lookahead, queue.maxConcurrent - active - inHand)
                if free > covered, batch > 0, !standingPulls.isStanding(name) {
                    messages += try await js.fetch(stream: StoreLayout.queueStream(name), consumer: StoreLayout.workersConsumer,
                                                   batch: batch, expires: .seconds(2), noWait: true)
                }
                // The NAKs of the items just rescued may still be on their way to the consumer (a loaded server),
                // and items the stream acknowledged moments ago may not have reached it yet (2.11 and later tell
                // consumers of new messages asynchronously), so a no-wait pull can come back short: wait a moment
                // for those deliveries, rather than leave them to a pool's next look (up to a second later).
                let wanted = rescued > 0 ? inHand + min(free, rescued) : min(free, ready)
                let patience = rescued > 0 ? Duration.milliseconds(500) : Self.newItemsPatience
                if messages.count < wanted {
                    if standingPulls.isStanding(name) {
                        await standingPulls.awaitDeliveries(name, count: wanted - messages.count, patience: patience)
                        messages += standingPulls.take(name, upTo: wanted - messages.count)
                    } else if queue.maxConcurrent - active - messages.count > 0 {
                        messages += try await js.fetch(stream: StoreLayout.queueStream(name), consumer: StoreLayout.workersConsumer,
                                                       batch: min(wanted - messages.count, queue.maxConcurrent - active - messages.count),
                                                       expires: patience)
                    }
                }
            } catch {
                // Deliveries already in hand go back now rather than after AckWait.
                await release(messages)
                if case JetStreamError.pullTerminated = error { return [] }
                throw error
            }
            // Each delivery's place is worked out once (its body decoded once), not in every comparison.
            var waiting = read { mirror in
                messages.map { (order: mirror.claimOrder(of: $0), message: $0) }.sorted { $0.order < $1.order }.map { $0.message }
            }[...]
            var claims: [Claim] = []
            // Leases count from now, not from the claim's start: a pull a restarting server answered late
            // must not hand out leases that have already run out.
            let leasedAt = max(now, clock.now())
            do {
                while claims.count < free, !waiting.isEmpty {
                    let next = Array(waiting.prefix(free - claims.count))
                    waiting = waiting.dropFirst(next.count)
                    // Each delivery names another task, so their leases are written side by side.
                    claims += try await concurrently(next) { [self] message in
                        try await lease(message, queue: queue, worker: worker, window: leaseWindow, now: leasedAt)
                    }.compactMap { $0 }
                }
            } catch {
                await release(Array(waiting))
                throw error
            }
            await release(Array(waiting))
            let uncovered = free - claims.count - standingPulls.expected(name)
            if queue.maxTries == -1, uncovered > 0 {
                // Slots are left free: the next item is delivered the moment it is stored. Only a shortcut, so
                // a failure to leave the pull costs nothing but that.
                try? await standingPulls.leave(name, batch: uncovered, on: js, stream: StoreLayout.queueStream(name),
                                               consumer: StoreLayout.workersConsumer)
            }
            return claims
        }
    }

    /// Leases the task a delivered work item names, or settles the item when the task must not run (gone,
    /// final, terminated, past its deadline or MaxAge, out of tries, or not due yet); nil when not leased.
    private func lease(_ message: JetStreamMessage, queue: Queue, worker: String, window: Duration,
                       now: Timestamp) async throws -> Claim? {
        let ackSubject = message.message.reply ?? ""
        guard let job = try? JetStreamStore.recordDecoder.decode(WorkItem.self, from: Data(message.payload)), !job.job.isEmpty else {
            try await acknowledge(ackSubject, .ack)
            return nil
        }
        let id = job.job
        if read({ $0.tasks[id] }) == nil { try await refresh(id) }
        guard let stored = read({ $0.tasks[id] }), var run = read({ $0.run(of: id) }) else {
            try await acknowledge(ackSubject, .ack)
            return nil
        }
        let task = stored.listed
        if let lease = run.item?.lease {
            // The server redelivered an item a live lease holds (its AckWait ran out first): the holder keeps
            // it, and acknowledges through the new delivery.
            run.item?.lease?.ackSubject = ackSubject
            try await putRun(run, of: id)
            try await acknowledge(ackSubject, .inProgress)
            _ = lease
            return nil
        }
        // A Go worker's task still `active` past MaxRunTime lost its worker (asyncjobs' own rule, its #31).
        let abandoned = task.state == .active && (task.tried ?? task.created) + queue.maxRunTime <= now
        let abandonedItem = RunRecord.Item(queue: queue.name, available: task.created, enqueued: task.created,
                                           published: true, lease: nil, terminateRequested: false)
        // An `active` task whose run record holds an item without a lease: the lease was ended (rescued,
        // or resolved as a retry) but the connection was lost before the task record said so.
        let endedUnrecorded = task.state == .active && run.item != nil
        guard var item = run.item ?? (abandoned ? abandonedItem : nil), !task.state.isFinal,
              task.state != .active || abandoned || endedUnrecorded else {
            // Final (or run by a Go worker, which holds its own delivery): nothing for this engine to start.
            if task.state.isFinal || run.item == nil { try await acknowledge(ackSubject, .ack) }
            return nil
        }
        if task.state == .blocked, !dependenciesComplete(task) {
            // A Go producer's blocked task (this engine gives blocked tasks no item): asyncjobs' own answer,
            // a look again in 5 s.
            try await acknowledge(ackSubject, .nak(delay: .seconds(5)))
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
            let expired = try await updateTask(id) { task in
                var task = task
                task.state = .expired
                task.lastError = expiry
                return task
            }
            try await acknowledge(ackSubject, .ack)
            if let expired {
                try await publishEvent(expired, at: now)
                try await settleDependents(of: id, parent: expired, at: now)
            }
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
        let started = try await updateTask(id) { current in
            // Ended meanwhile by another program (a terminate through another tool): not to run.
            guard !current.state.isFinal else { return nil }
            var task = current
            task.state = .active
            task.tries += 1
            task.tried = now
            task.lastError = nil
            return task
        }
        guard let started else {
            run.item = nil
            run.attempts.removeLast()
            try await putRun(run, of: id)
            try await acknowledge(ackSubject, .ack)
            return nil
        }
        try await publishEvent(started, at: now)
        stats.record { $0.attemptStarted(queue: started.queue, type: started.type, ready: Self.readyTime(item, after: run.attempts.dropLast()), at: now) }
        return Claim(task: started, queue: queue, worker: worker, attempt: attempt, started: now, leaseExpires: expires)
    }

    /// How long a claim waits for items the mirror says are in the queue but a no-wait pull did not deliver
    /// (returning as soon as they come): items just stored, or ones other programs hold, which it then gives
    /// up on.
    static let newItemsPatience: Duration = .milliseconds(50)

    /// How many deliveries beyond what it leases a claim looks at.
    static let claimLookahead = 8

    /// NAKs deliveries a claim did not lease, so they are the next delivered.
    func release(_ messages: [JetStreamMessage]) async {
        _ = try? await concurrently(messages) { [self] message in
            try? await acknowledge(message.message.reply ?? "", .nak(delay: nil))
        }
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
            mirror.items(mirror.index[name]?.unpublished ?? []).filter { !$0.item.isLeased && $0.item.available <= now }
                .sorted { ($0.item.available, $0.id) < ($1.item.available, $1.id) }.map(\.id)
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

extension Mirror {
    /// Where a delivered work item comes in a claim: by when its task became ready, then its id; deliveries
    /// for unknown tasks first (they are settled, not leased).
    func claimOrder(of message: JetStreamMessage) -> ClaimOrder {
        let id = (try? JetStreamStore.recordDecoder.decode(JetStreamStore.WorkItem.self, from: Data(message.payload)))?.job ?? ""
        guard let task = tasks[id]?.listed else { return ClaimOrder(available: Timestamp(nanoseconds: .min), id: id) }
        return ClaimOrder(available: run(of: id)?.item?.available ?? task.created, id: id)
    }

    struct ClaimOrder: Comparable {
        var available: Timestamp
        var id: String

        static func < (lhs: ClaimOrder, rhs: ClaimOrder) -> Bool { (lhs.available, lhs.id) < (rhs.available, rhs.id) }
    }
}
