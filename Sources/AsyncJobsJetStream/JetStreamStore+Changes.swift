import AsyncJobs

/// The change token: the mirror's version, which moves on every write of this process and every write of
/// another process the watches deliver (within milliseconds), and on nothing else.
extension JetStreamStore {
    public func changeToken() async throws -> ChangeToken {
        ChangeToken(read { $0.version })
    }

    public func awaitChange(since: ChangeToken, deadline: Timestamp) async throws -> ChangeToken {
        let clock = self.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(until: deadline) }
            group.addTask { [self] in
                try? await changeWaiters.wait { ChangeToken(read { $0.version }) != since }
            }
            await group.next()
            group.cancelAll()
        }
        return try await changeToken()
    }
}
