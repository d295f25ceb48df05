extension WorkerPool {
    /// The renewer: every third of the lease window, renews the lease of every running attempt in one store
    /// call (one transaction in SQLite, shared with whatever else the writer commits), then beats each
    /// attempt's ``LeaseHeartbeat``. An attempt whose lease is gone (the pool was frozen past its window and
    /// another process rescued the task) is cancelled at once; its late result would be refused anyway.
    ///
    /// After a freeze the round is overdue, so it runs the moment the process wakes: a handler whose lease
    /// was lost meanwhile is cancelled within a store write of waking up.
    func renewLeases() async {
        let interval = LeaseHeartbeat(window: leaseWindow).renewalInterval
        while !Task.isCancelled {
            do { try await clock.sleep(until: clock.now() + interval) } catch { return }
            let running = state.withLock { Array($0.executions.values) }
            guard !running.isEmpty else { continue }
            let renewed: [Timestamp?]
            do {
                renewed = try await store.renewLeases(running.map(\.claim), window: leaseWindow)
            } catch {
                // No beats this round: a command's watchdog then stops it before the lease can run out.
                logger.error("renewing \(running.count) leases failed: \(error)")
                continue
            }
            for (execution, expiry) in zip(running, renewed) {
                guard expiry != nil else {
                    // An attempt that just ended has given its lease back; nothing to stop.
                    guard !execution.event.isSettled else { continue }
                    logger.warning("lost the lease of \(execution.claim.task.id) attempt \(execution.claim.attempt): another process rescued it; cancelling its handler")
                    execution.event.settle(.leaseLost)
                    continue
                }
                execution.heartbeat.beat()
            }
        }
    }
}
