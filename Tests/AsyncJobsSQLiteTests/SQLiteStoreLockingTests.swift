import AsyncJobs
import AsyncJobsSQLite
import Foundation
import Testing

/// A store file write-locked by another process, and changes made through other connections.
@Suite(.timeLimit(.minutes(1))) struct SQLiteStoreLockingTests {
    @Test func fileLockedByAnotherProcessGivesTypedErrorsAndRecovers() async throws {
        let files = TemporaryStorePath()
        // A long busy timeout, so a cooperative pool blocked by waiting writes would stall visibly: the
        // probe below must get through while the writes still wait. Long enough that the rest of the
        // suite, running beside this test on two cores, cannot delay the probe past it.
        let busyTimeout = Duration.seconds(8)
        let store = try SQLiteStore(path: files.store, busyTimeout: busyTimeout)
        try await store.createQueue(Queue(name: "q"))
        let holder = try TestWorkerProcess(["hold-lock", "--store", files.store], log: files.file("holder.log"))
        #expect(await holder.waitForLine("locked"), "the lock holder: \(holder.logTail)")

        // A second store opens fine while the lock is held: opening an up-to-date file needs no write lock.
        let second = try SQLiteStore(path: files.store, busyTimeout: busyTimeout)

        // Writes fail with a readable storage error after the busy timeout; several at once must not starve
        // Swift's cooperative threads, so an unrelated task still runs promptly meanwhile.
        let started = ContinuousClock.now
        async let first = failure { try await store.enqueue([JobTask(id: "a", type: "x", queue: "q")]) }
        async let other = failure { try await second.createQueue(Queue(name: "other")) }
        async let third = failure { try await store.updateQueue("q", QueueChanges(paused: true)) }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { await Task.yield() } }
        }
        #expect(ContinuousClock.now - started < busyTimeout, "cooperative pool stayed free while writes waited")
        for message in await [first, other, third] {
            #expect(message?.contains("locked") == true, "message: \(message ?? "none")")
        }
        #expect(ContinuousClock.now - started >= busyTimeout, "writes waited for the busy timeout")

        // Reads still work: WAL readers do not wait for writers.
        #expect(try await store.queues().map(\.name) == ["q"])
        #expect(try await store.summary(queue: "q").total == 0)

        holder.closeInput()
        #expect(try await holder.waitForExit(timeout: .seconds(10)) == 0, "holder: \(holder.logTail)")
        try await store.enqueue([JobTask(id: "a", type: "x", queue: "q")])
        #expect(try await second.task(id: "a").state == .new, "work resumes once the lock is released")
    }

    /// The storage error's message, or nil if `body` succeeded.
    private func failure(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as JobError {
            guard case .storage(let message) = error else { return "unexpected \(error)" }
            return message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func anotherConnectionsWriteMovesTheTokenAndWakesWaiters() async throws {
        let files = TemporaryStorePath()
        let watcher = try SQLiteStore(path: files.store)
        let writer = try SQLiteStore(path: files.store)
        try await writer.createQueue(Queue(name: "q"))
        let token = try await watcher.changeToken()
        #expect(try await watcher.changeToken() == token, "nothing changed")
        let waiting = Task { try await watcher.awaitChange(since: token, deadline: .now + .seconds(20)) }
        try await writer.enqueue([JobTask(id: "t", type: "x", queue: "q")])
        let woken = try await waiting.value
        #expect(woken != token, "the other connection's commit is seen by polling data_version")
        // An idle claim commits an empty transaction, which must not look like a change.
        let quiet = try await watcher.changeToken()
        _ = try await writer.claim(queue: "q", upTo: 0, worker: "w")
        _ = try await watcher.claim(queue: "q", upTo: 0, worker: "w")
        #expect(try await watcher.changeToken() == quiet, "claims that change nothing leave the token alone")
    }
}
