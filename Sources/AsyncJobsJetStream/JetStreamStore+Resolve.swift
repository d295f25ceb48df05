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

    private func resolveHoldingGate(_ claim: Claim, _ resolution: Resolution,
                                    discarding: DiscardStates) async throws -> ResolutionReceipt {
        let id = claim.task.id
        for _ in 0..<3 {
            let now = clock.now()
            guard var run = read({ $0.runs[id]?.value }), var item = run.item, let lease = item.lease,
                  lease.worker == claim.worker, lease.attempt == claim.attempt, lease.started == claim.started,
                  let stored = read({ $0.tasks[id] })
            else { return .leaseLost }
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
            do {
                try await putRun(run, of: id)
            } catch is Conflict {
                try await refresh(id)
                continue
            }
            try await putTaskFenced(task, expecting: stored.sequence)
            try await acknowledge(lease.ackSubject, .ack)
            if case .retry = resolution, !item.terminateRequested, item.available <= now {
                try await publishDueRetries(of: item.queue, now: now)
            }
            guard let written = read({ $0.tasks[id]?.value }) else { return receipt }
            try await publishEvent(written, at: now)
            try await settleDependents(of: id, parent: written, at: now)
            if discarding.contains(written.state) { try await eraseTask(id) }
            return written.state == .terminated && receipt != .terminatedByOperator && resolution.state != .terminated
                ? .terminatedByOperator : receipt
        }
        return .leaseLost
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
