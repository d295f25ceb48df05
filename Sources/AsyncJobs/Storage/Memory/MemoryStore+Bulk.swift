extension MemoryStore {
    public func taskIDs(_ filter: TaskFilter) async throws -> [String] {
        read { state, _ in state.matching(filter).map(\.id) }
    }

    @discardableResult
    public func apply(_ action: BulkAction, to taskIDs: [String]) async throws -> BulkOutcome {
        try mutate { state, now throws(JobError) in
            var outcome = BulkOutcome()
            for id in taskIDs {
                do throws(JobError) {
                    switch action {
                    case .retry: _ = try state.retry(id, into: nil, at: now)
                    case .terminate:
                        if try state.terminate(id, at: now).state != .terminated { outcome.asked += 1 }
                    case .delete:
                        guard state.tasks[id] != nil else { throw .taskNotFound(id) }
                        state.forget(id, at: now)
                        state.version += 1
                    }
                    outcome.applied += 1
                } catch {
                    guard error.skipsBulkTask else { throw error }
                    outcome.skipped += 1
                }
            }
            return outcome
        }
    }
}
