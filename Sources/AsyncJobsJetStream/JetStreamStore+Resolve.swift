import AsyncJobs
import JetStream

/// Ending attempts: the run record first (the fence: it still names this lease, or another process took it),
/// then the task record and the event, then (outside the write gate) the work item's acknowledgement, and
/// last a discard. A retry acknowledges its item too and waits in the store's schedule, so it holds no
/// MaxAckPending slot while it waits.
///
/// The acknowledgement waits for the server's answer, and is sent again while the connection is lost or the
/// consumer's leader moves, for up to ``connectionLossPatience``. A server killed and restarted may never
/// answer the acknowledgement of a delivery it made before (it came back without it); holding the gate
/// through those 8 s stopped every other write of the process, its lease renewals too, so that its own
/// rescue then took the leases of attempts whose results were waiting to be written.
extension JetStreamStore {
    @discardableResult
    public func resolve(_ claim: Claim, _ resolution: Resolution, discarding: DiscardStates) async throws -> ResolutionReceipt {
        let ended = try await write("resolving task \(claim.task.id)", exclusive: hasDependents([claim])) {
            try await resolveHoldingGate(claim, resolution, discarding: discarding)
        }
        try await settle([ended])
        return ended.receipt
    }

    public func resolve(_ batch: [ClaimResolution]) async throws -> [ResolutionReceipt] {
        let ended = try await write("resolving \(batch.count) task(s)", exclusive: hasDependents(batch.map(\.claim))) {
            // Resolutions of distinct tasks are written side by side; a batch naming a task twice goes in order.
            let distinct = Set(batch.map(\.claim.task.id)).count == batch.count
            return try await concurrently(batch, limit: distinct ? 64 : 1) { [self] element in
                try await resolveHoldingGate(element.claim, element.resolution, discarding: element.discarding)
            }
        }
        try await settle(ended)
        return ended.map(\.receipt)
    }

    /// What a resolution leaves to do once its records are written: acknowledge the held item, then erase
    /// the task when the pool discards its final state.
    private struct Resolved: Sendable {
        var receipt: ResolutionReceipt
        var ackSubject: String?
        var discard: String?
    }

    /// Acknowledges the resolved attempts' items side by side, outside the gate, then erases the discarded
    /// tasks (after their acknowledgement: a deleted item's acknowledgement would go unanswered).
    private func settle(_ resolved: [Resolved]) async throws {
        _ = try await concurrently(resolved.compactMap(\.ackSubject), limit: 64) { [self] subject in
            try await acknowledge(subject, .ack)
        }
        let discarded = resolved.compactMap(\.discard)
        guard !discarded.isEmpty else { return }
        try await write("discarding \(discarded.count) finished task(s)") {
            for id in discarded { try await eraseTask(id) }
        }
    }

    /// Whether a claimed task has tasks waiting on it: settling them reaches tasks at any depth, so that
    /// resolution takes the gate. Any other resolution runs beside the gated writes: it touches only its own
    /// leased tasks, and each of its writes is a compare-and-set on the sequence the mirror holds at that
    /// moment, read with no suspension in between, so a claim's rescue or an operator's terminate of the same
    /// task in this process fences it exactly as one in another process does.
    private func hasDependents(_ claims: [Claim]) -> Bool {
        read { mirror in claims.contains { !(mirror.dependents[$0.task.id] ?? []).isEmpty } }
    }

    /// Resolves, sending the resolution again while the connection is lost: each try finishes what an
    /// earlier one fenced on the run record (``EndedAttempt``), so the task never stays `active` unleased.
    private func resolveHoldingGate(_ claim: Claim, _ resolution: Resolution,
                                    discarding: DiscardStates) async throws -> Resolved {
        try await persisting { try await resolveOnce(claim, resolution, discarding: discarding) }
    }

    private func resolveOnce(_ claim: Claim, _ resolution: Resolution,
                             discarding: DiscardStates) async throws -> Resolved {
        let id = claim.task.id
        for _ in 0..<3 {
            // A later try writes the end an earlier one noted, to the nanosecond: when the earlier write
            // reached the server but its answer was lost, the record found there must be recognised as
            // this resolution's (``endedUnrecorded(_:)``), not taken for someone else's and the lease for
            // lost, which left the task `active` with its result refused.
            let now = endedAttempts.withLock { $0[EndedAttempt.key(claim)]?.at } ?? clock.now()
            let ended: EndedAttempt
            if let unrecorded = endedUnrecorded(claim) {
                // A try of this resolution wrote the run record, then lost the connection: the rest is
                // written now, as that try meant it.
                ended = unrecorded
            } else {
                guard var run = read({ $0.runs[id]?.value }), var item = run.item, let lease = item.lease,
                      lease.worker == claim.worker, lease.attempt == claim.attempt, lease.started == claim.started,
                      var record = try await wholeTask(id)
                else {
                    endedAttempts.withLock { $0[EndedAttempt.key(claim)] = nil }
                    return Resolved(receipt: .leaseLost)
                }
                var task = record.task
                task.tried = now
                let receipt: ResolutionReceipt
                if item.terminateRequested {
                    run.endAttempt(claim.attempt, outcome: .terminated, error: AttemptRules.operatorTerminateError, at: now)
                    run.item = nil
                    task.state = .terminated
                    task.lastError = AttemptRules.operatorTerminateError
                    receipt = .terminatedByOperator
                } else {
                    run.endAttempt(claim.attempt, outcome: resolution.outcome, error: resolution.error, at: now)
                    task.state = resolution.state
                    task.lastError = resolution.error
                    switch resolution {
                    case .complete(let result):
                        task.result = TaskResult(payload: result, completed: now)
                        run.item = nil
                    case .retry(let at, _, _):
                        item.lease = nil
                        item.available = at
                        item.published = false
                        run.item = item
                    case .expire, .terminate:
                        run.item = nil
                    }
                    receipt = .applied(task.state)
                }
                record.task = task
                ended = EndedAttempt(record: record, ackSubject: lease.ackSubject, item: item,
                                     attempt: run.attempts.last { $0.n == claim.attempt }, receipt: receipt, at: now)
                // Noted before the write: its answer may be lost though the server stored it.
                endedAttempts.withLock { $0[EndedAttempt.key(claim)] = ended }
                do {
                    try await putRun(run, of: id)
                } catch is Conflict {
                    try await refresh(id)
                    continue
                }
            }
            if read({ $0.tasks[id]?.whole?.task }) != ended.record.task { try await putTaskFenced(ended.record) }
            let item = ended.item
            if case .retry = resolution, !item.terminateRequested, item.available <= now {
                try await publishDueRetries(of: item.queue, now: now)
            }
            guard let written = read({ $0.tasks[id]?.listed }) else {
                endedAttempts.withLock { $0[EndedAttempt.key(claim)] = nil }
                return Resolved(receipt: ended.receipt, ackSubject: ended.ackSubject)
            }
            try await publishEvent(written, at: ended.at)
            stats.record { $0.attemptEnded(queue: written.queue, type: written.type, started: claim.started, at: ended.at, taskState: written.state) }
            try await settleDependents(of: id, parent: written, at: ended.at)
            endedAttempts.withLock { $0[EndedAttempt.key(claim)] = nil }
            let receipt = written.state == .terminated && ended.receipt != .terminatedByOperator && resolution.state != .terminated
                ? ResolutionReceipt.terminatedByOperator : ended.receipt
            return Resolved(receipt: receipt, ackSubject: ended.ackSubject,
                            discard: discarding.contains(written.state) ? id : nil)
        }
        return Resolved(receipt: .leaseLost)
    }

    /// The attempt `claim` holds when a try of this resolution got its end onto the run record (as the
    /// mirror, or the server on a refresh, shows it) but maybe not the rest (the task record, the
    /// acknowledgement), and nobody changed the run record since.
    private func endedUnrecorded(_ claim: Claim) -> EndedAttempt? {
        guard let ended = endedAttempts.withLock({ $0[EndedAttempt.key(claim)] }) else { return nil }
        let onRecord = read { mirror -> Bool in
            guard let run = mirror.runs[claim.task.id]?.value else { return false }
            return run.attempts.last == ended.attempt && run.item?.lease == nil
        }
        return onRecord ? ended : nil
    }

    /// Writes the end of an attempt onto the task record. When another program changed the record meanwhile
    /// (an operator's terminate through another tool), a `terminated` record stays terminated; anything else
    /// gets this write on top.
    private func putTaskFenced(_ record: WholeTask) async throws {
        do {
            try await putTask(record)
        } catch is Conflict {
            try await refresh(record.task.id)
            guard let current = read({ $0.tasks[record.task.id] }), current.compact.state != .terminated else { return }
            try await putTask(record.expecting(current.sequence))
        }
    }
}
