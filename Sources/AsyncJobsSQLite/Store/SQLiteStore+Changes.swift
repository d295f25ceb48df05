import AsyncJobs

extension SQLiteStore {
    /// How often a waiter polls `PRAGMA data_version` for other processes' writes. The pragma reads shared
    /// memory, not the disk, so a few milliseconds costs next to nothing.
    static let changePollInterval: Duration = .milliseconds(3)

    /// SQLite's `data_version` as the store's probe connection sees it, and this process's commit count.
    ///
    /// `data_version` moves when any other connection commits (other processes, and this process's
    /// writer); the count moves the instant this process's writer commits, before any poll notices. Read
    /// on the calling thread: it costs microseconds and never waits for a lock.
    ///
    /// Every long-running process asks for it often, so this is also where the store checks (about once a
    /// second) that its path still names the file it has open, throwing ``JobError/storeReplaced(_:)``.
    public func changeToken() async throws -> ChangeToken {
        try identityWatch.check()
        return ChangeToken(try dataVersion.read(), localChanges.count)
    }

    /// Waits for the token to move, for `deadline` on the store's clock, whichever is first. Local commits
    /// wake the waiter directly; other processes' commits are noticed by polling.
    public func awaitChange(since: ChangeToken, deadline: Timestamp) async throws -> ChangeToken {
        let current = try await changeToken()
        guard current == since, clock.now() < deadline else { return current }
        let localCount = since.parts.count == 2 ? since.parts[1] : localChanges.count
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.clock.sleep(until: deadline) }
            group.addTask { try await self.localChanges.wait(beyond: localCount) }
            group.addTask {
                while try await self.changeToken() == since {
                    try await Task.sleep(for: Self.changePollInterval)
                }
            }
            try await group.next()
            group.cancelAll()
        }
        return try await changeToken()
    }
}
