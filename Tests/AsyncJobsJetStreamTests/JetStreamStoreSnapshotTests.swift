import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import JetStream
import NATS
import NATSTestSupport
import Testing

/// The `.snapshot` open of one-shot commands: what was stored when it opened, no event history until a call
/// asks for events, and no watching afterwards.
@Suite("JetStream store snapshots", .serialized)
struct JetStreamStoreSnapshotTests {
    /// A live store on its own server whose queue `work` holds tasks `t1`… `t<tasks>`, created in that order.
    private func withWorkQueue(_ version: NATSServerBinary.Version, tasks: Int,
                               _ body: (NATSServer, ManualClock, JetStreamStore) async throws -> Void) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let live = try await openStore(accountURL(server, 0), clock: clock)
            try await live.createQueue(Queue(name: "work"))
            try await live.enqueue((1...tasks).map { JobTask(id: "t\($0)", type: "t", queue: "work", created: clock.now() + .nanoseconds($0)) })
            try await body(server, clock, live)
        }
    }

    @Test(arguments: bothServerVersions)
    func aSnapshotReadsRecordsNotEventsAndStopsWatching(version: NATSServerBinary.Version) async throws {
        try await withWorkQueue(version, tasks: 3) { server, clock, live in
            let liveEvents = try await live.events(after: 0, limit: 100)
            #expect(liveEvents.count == 3)
            let js = JetStreamContext(client: live.client)
            // The live store's own watch of the events stream is the only consumer there.
            let eventConsumers = try await js.streamInfo("AJTOP_EVENTS").state.consumerCount

            let snapshot = try await openStore(accountURL(server, 0), clock: clock, mode: .snapshot)
            #expect(snapshot.mode == .snapshot)
            #expect(try await snapshot.summary(queue: "work").ready == 3)
            #expect(try await snapshot.tasks(TaskFilter(queue: "work")).map(\.id).sorted() == ["t1", "t2", "t3"])
            #expect(try await js.streamInfo("AJTOP_EVENTS").state.consumerCount == eventConsumers,
                    "the snapshot's open read no events")

            // Asked for events, it reads the history then, and answers as the live store does.
            #expect(try await snapshot.events(after: 0, limit: 100) == liveEvents)
            #expect(try await snapshot.latestEventSequence() == live.latestEventSequence())

            // Another process's later write reaches a live store, never the snapshot.
            let other = try await openStore(accountURL(server, 0), clock: clock)
            try await live.enqueue([JobTask(id: "t4", type: "t", queue: "work", created: clock.now() + .seconds(1))])
            try await waitUntil { (try? await other.task(id: "t4")) != nil }
            try await Task.sleep(for: .milliseconds(200))
            await #expect(throws: JobError.self) { try await snapshot.task(id: "t4") }
            #expect(try await snapshot.summary(queue: "work").ready == 3)

            await closeStore(snapshot)
            await closeStore(other)
            await closeStore(live)
        }
    }

    @Test(arguments: bothServerVersions)
    func aTaskListingListsAndCountsAsASnapshotAndRefusesWhatNeedsRunRecords(version: NATSServerBinary.Version) async throws {
        try await withWorkQueue(version, tasks: 4) { server, clock, live in
            // A lease and a retry schedule live in run records only.
            let claimed = try await live.claim(queue: "work", upTo: 2, worker: "w")
            #expect(claimed.count == 2)
            try await live.resolve(claimed[0], .retry(at: clock.now() + .seconds(60), outcome: .failed, error: "later"))

            let snapshot = try await openStore(accountURL(server, 0), clock: clock, mode: .snapshot)
            let listing = try await openStore(accountURL(server, 0), clock: clock, mode: .taskListing)
            for filter in [TaskFilter(), TaskFilter(queue: "work", states: [.active]), TaskFilter(limit: 2)] {
                #expect(try await listing.tasks(filter) == snapshot.tasks(filter))
                #expect(try await listing.countTasks(filter) == snapshot.countTasks(filter))
            }
            #expect(try await listing.tasks(TaskFilter()).map(\.id) == ["t4", "t3", "t2", "t1"])

            // Without the run records it would call the leased task waiting and the retry due: it says so
            // instead, and writes nothing.
            await #expect(throws: JobError.self) { try await listing.summary(queue: "work") }
            await #expect(throws: JobError.self) { try await listing.summaries() }
            await #expect(throws: JobError.self) { try await listing.lease(taskID: claimed[1].task.id) }
            await #expect(throws: JobError.self) { try await listing.attempts(taskID: claimed[0].task.id) }
            await #expect(throws: JobError.self) { try await listing.claim(queue: "work", upTo: 1, worker: "x") }
            await #expect(throws: JobError.self) { try await listing.enqueue([JobTask(id: "t5", type: "t", queue: "work")]) }
            #expect(try await snapshot.summary(queue: "work").active == 1)
            #expect(try await live.countTasks(TaskFilter()) == 4)

            await closeStore(listing)
            await closeStore(snapshot)
            await closeStore(live)
        }
    }
}
