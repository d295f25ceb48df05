import AsyncJobs
import JetStream

/// Ending attempts: the run record first (the fence: it still names this lease, or another process took it),
/// then the task record, then the work item's acknowledgement, then the event. A retry acknowledges its item
/// too and waits in the store's schedule, so it holds no MaxAckPending slot while it waits.
extension JetStreamStore {
    @discardableResult
    public func resolve(_ claim: Claim, _ resolution: Resolution, discarding: DiscardStates) async throws -> ResolutionReceipt {
        try await write("resolving task \(claim.task.id)") {
            try await resolveHoldingGate(claim, resolution, discarding: discarding)
        }
    }

    public func resolve(_ batch: [ClaimResolution]) async throws -> [ResolutionReceipt] {
        try await write("resolving \(batch.count) task(s)") {
            // Resolutions of distinct tasks are written side by side; a batch naming a task twice goes in order.
            let distinct = Set(batch.map(\.claim.task.id)).count == batch.count
            return try await concurrently(batch, limit: distinct ? 64 : 1) { [self] element in
                try await resolveHoldingGate(element.claim, element.resolution, discarding: element.discarding)
            }
        }
    }

    /// Resolves, sending the resolution again while the connection is lost: each try finishes what an
    /// earlier one fenced on the run record (``EndedAttempt``), so the task never stays `active` unleased.
    private func resolveHoldingGate(_ claim: Claim, _ resolution: Resolution,
                                    discarding: DiscardStates) async throws -> ResolutionReceipt {
        try await persisting { try await resolveOnce(claim, resolution, discarding: discarding) }
    }

    private func resolveOnce(_ claim: Claim, _ resolution: Resolution,
                             discarding: DiscardStates) async throws -> ResolutionReceipt {
        let id = claim.task.id
        for _ in 0..<3 {
            let now = clock.now()
            let ended: EndedAttempt
            if let unrecorded = endedUnrecorded(claim) {
                // A try of this resolution wrote the run record, then lost the connection: the rest is
                // written now, as that try meant it.
                ended = unrecorded
            } else {
                guard var run = read({ $0.runs[id]?.value }), var item = run.item, let lease = item.lease,
                      lease.worker == claim.worker, lease.attempt == claim.attempt, lease.started == claim.started,
                      let stored = read({ $0.tasks[id] })
                else {
                    endedAttempts.withLock { $0[EndedAttempt.key(claim)] = nil }
                    return .leaseLost
                }
                var task = stored.value
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
                ended = EndedAttempt(task: task, expecting: stored.sequence, ackSubject: lease.ackSubject, item: item,
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
            if read({ $0.tasks[id]?.value }) != ended.task { try await putTaskFenced(ended.task, expecting: ended.expecting) }
            try await acknowledge(ended.ackSubject, .ack)
            let item = ended.item
            if case .retry = resolution, !item.terminateRequested, item.available <= now {
                try await publishDueRetries(of: item.queue, now: now)
            }
            guard let written = read({ $0.tasks[id]?.value }) else {
                endedAttempts.withLock { $0[EndedAttempt.key(claim)] = nil }
                return ended.receipt
            }
            try await publishEvent(written, at: ended.at)
            stats.record { $0.attemptEnded(queue: written.queue, type: written.type, started: claim.started, at: ended.at, taskState: written.state) }
            try await settleDependents(of: id, parent: written, at: ended.at)
            if discarding.contains(written.state) { try await eraseTask(id) }
            endedAttempts.withLock { $0[EndedAttempt.key(claim)] = nil }
            return written.state == .terminated && ended.receipt != .terminatedByOperator && resolution.state != .terminated
                ? .terminatedByOperator : ended.receipt
        }
        return .leaseLost
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
    private func putTaskFenced(_ task: JobTask, expecting sequence: UInt64) async throws {
        do {
            try await putTask(task, expecting: sequence)
        } catch is Conflict {
            try await refresh(task.id)
            guard let current = read({ $0.tasks[task.id] }), current.value.state != .terminated else { return }
            try await putTask(task, expecting: current.sequence)
        }
    }
}
