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
    @Test(arguments: bothServerVersions)
    func aSnapshotReadsRecordsNotEventsAndStopsWatching(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let live = try await openStore(accountURL(server, 0), clock: clock)
            try await live.createQueue(Queue(name: "work"))
            try await live.enqueue((1...3).map { JobTask(id: "t\($0)", type: "t", queue: "work", created: clock.now() + .nanoseconds($0)) })
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
}
