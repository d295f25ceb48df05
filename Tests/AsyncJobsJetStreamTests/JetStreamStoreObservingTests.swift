import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import JetStream
import NATS
import NATSTestSupport
import Testing

/// Stores that hold no task payloads (`.observing`, ajtop without workers; `.snapshot`, ajc's reads): a task
/// read by id still has its payload and result, a search still finds text in payloads, and an operator's
/// write through such a store keeps the payload on the server.
@Suite("JetStream stores without payloads", .serialized)
struct JetStreamStoreObservingTests {
    static let payload = Data(#"{"to":"ops@example.com","note":"needle-42"}"#.utf8)

    @Test(arguments: bothServerVersions)
    func aTaskReadByIDHasItsPayloadAndResult(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let live = try await Self.liveStoreWithTwoTasks(server, clock: clock, queue: Queue(name: "work"), second: Data("x".utf8))
            let claim = try #require(try await live.claim(queue: "work", upTo: 1, worker: "w1").first)
            _ = try await live.resolve(claim, .complete(result: .object(["sent": .bool(true)])))
            let stored = try await live.task(id: claim.task.id)

            for mode in [JetStreamStoreMode.observing, .snapshot] {
                let store = try await openStore(accountURL(server, 0), clock: clock, mode: mode)
                #expect(try await store.task(id: "t1").payload == Self.payload, "\(mode)")
                #expect(try await store.task(id: claim.task.id) == stored, "\(mode)")
                // Listings carry no payload, and nothing else is lost.
                let listed = try await store.tasks(TaskFilter(queue: "work"))
                #expect(listed.map(\.payload) == [nil, nil], "\(mode)")
                var withoutPayload = stored
                withoutPayload.payload = nil
                #expect(listed.first { $0.id == stored.id } == withoutPayload, "\(mode)")
                await #expect(throws: JobError.taskNotFound("nope")) { try await store.task(id: "nope") }
                await closeStore(store)
            }
            await closeStore(live)
        }
    }

    @Test(arguments: bothServerVersions)
    func anOperatorWriteKeepsThePayload(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let live = try await Self.liveStoreWithTwoTasks(server, clock: clock, queue: Queue(name: "work", maxTries: 1),
                                                            second: Self.payload)
            for _ in 0..<2 {
                let claim = try #require(try await live.claim(queue: "work", upTo: 1, worker: "w1").first)
                _ = try await live.resolve(claim, .terminate(error: "boom"))
            }

            let observer = try await openStore(accountURL(server, 0), clock: clock, mode: .observing)
            let retried = try await observer.retry(taskID: "t1")
            #expect(retried.payload == Self.payload)
            #expect(try await observer.apply(.retry, to: ["t2"]).applied == 1)
            // A fresh reader of the server sees both payloads as enqueued.
            let reader = try await openStore(accountURL(server, 0), clock: clock)
            for id in ["t1", "t2"] {
                let task = try await reader.task(id: id)
                #expect(task.payload == Self.payload, "\(id)")
                #expect(task.state == .retry, "\(id)")
            }
            await closeStore(reader)
            await closeStore(observer)
            await closeStore(live)
        }
    }

    @Test(arguments: bothServerVersions)
    func aSearchFindsTextInStoredPayloads(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let live = try await Self.liveStoreWithTwoTasks(server, clock: clock, queue: Queue(name: "work"), second: Data("plain".utf8))
            let observer = try await openStore(accountURL(server, 0), clock: clock, mode: .observing)
            let search = TaskFilter(text: "needle-42")
            #expect(try await observer.tasks(search).map(\.id) == ["t1"])
            #expect(try await observer.countTasks(search) == 1)
            #expect(try await observer.taskIDs(search) == ["t1"])
            // Ids, types and errors are still found in the mirror.
            #expect(try await observer.taskIDs(TaskFilter(text: "t2")) == ["t2"])
            #expect(try await observer.countTasks(TaskFilter(text: "mail")) == 2)

            // A task written later is found by the next search for the same text (read from where the
            // last one ended).
            try await live.enqueue([JobTask(id: "t3", type: "mail", queue: "work", payload: Self.payload, created: clock.now() + .seconds(2))])
            try await waitUntil { (try? await observer.taskIDs(TaskFilter())).map { $0.contains("t3") } ?? false }
            #expect(try await observer.taskIDs(search) == ["t3", "t1"])
            #expect(try await live.taskIDs(search) == ["t3", "t1"])
            await closeStore(observer)
            await closeStore(live)
        }
    }

    /// A live store on the server's first account with `queue` ("work") holding `t1` (``payload``) and
    /// `t2` (`second`), created in that order.
    private static func liveStoreWithTwoTasks(_ server: NATSServer, clock: ManualClock, queue: Queue,
                                              second: Data) async throws -> JetStreamStore {
        let live = try await openStore(accountURL(server, 0), clock: clock)
        try await live.createQueue(queue)
        try await live.enqueue([JobTask(id: "t1", type: "mail", queue: queue.name, payload: payload, created: clock.now()),
                                JobTask(id: "t2", type: "mail", queue: queue.name, payload: second, created: clock.now() + .seconds(1))])
        return live
    }
}
