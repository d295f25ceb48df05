import AsyncJobs

/// The checks of ``ChangeTracking``: the token moves on every write and only then, and waiters wake on it.
extension StoreConformance.Context {
    func changeTokenMovesOnWrites() async throws {
        let empty = try await store.changeToken()
        try requireEqual(try await store.changeToken(), empty, "no write, same token")
        try await makeQueue()
        let afterQueue = try await store.changeToken()
        try require(afterQueue != empty, "creating a queue changes the token")
        _ = try await store.summaries()
        _ = try await store.tasks(TaskFilter())
        try requireEqual(try await store.changeToken(), afterQueue, "reads leave the token alone")
        try await enqueue(1)
        let afterEnqueue = try await store.changeToken()
        try require(afterEnqueue != afterQueue, "enqueue changes the token")
        let claim = try await claimOne()
        try await store.resolve(claim, .complete(result: .null))
        try require(try await store.changeToken() != afterEnqueue, "claim and resolve change the token")
    }

    func awaitChangeWakesAndTimesOut() async throws {
        try await makeQueue()
        let eventsBefore = try await store.latestEventSequence()
        let token = try await store.changeToken()
        let deadline = now + .seconds(30)
        let store = self.store
        let waiter = Task { try await store.awaitChange(since: token, deadline: deadline) }
        try await store.enqueue([makeTask("wake")])
        let woken = try await waiter.value
        try require(woken != token, "awaitChange returns the new token after a write")
        try requireEqual(clock.now() < deadline, true, "it returned before its deadline")
        // A store may show part of a write after the write returns, and its token then moves again: the
        // JetStream store applies an enqueue's event when the stream acknowledges it (about 1 run in 90 of
        // this check, 6 at a time, saw the token move from 2 to 3 under the quiet wait below). Event reads
        // wait for a store's own events, so once the enqueue's event reads back nothing more is to come.
        try require(try await store.latestEventSequence() > eventsBefore, "the enqueue's event is recorded")
        let quiet = try await store.changeToken()
        let timeout = Task { try await store.awaitChange(since: quiet, deadline: deadline) }
        clock.advance(by: .seconds(31))
        try requireEqual(try await timeout.value, quiet, "with no change it returns at the deadline with the same token")
    }
}
