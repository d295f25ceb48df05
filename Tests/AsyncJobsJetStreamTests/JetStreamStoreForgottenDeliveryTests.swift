import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import JetStream
import NATSTestSupport
import Testing

/// A server that came back without a delivery it made (killed and restarted before it wrote its consumer's
/// state) never answers that delivery's acknowledgement. Here the consumer is deleted and made again, which
/// forgets its deliveries the same way, deterministically.
@Suite("JetStream store: a delivery the server forgot", .serialized)
struct JetStreamStoreForgottenDeliveryTests {
    /// The resolution waited out the whole connection-loss patience (8 s) on that acknowledgement, and its
    /// worker's slot with it: a restarted server's workers resumed 8.7 s after it was back. The item, which
    /// the server delivers again, is settled by the task's record.
    @Test(arguments: bothServerVersions)
    func aResolutionDoesNotWaitOnAnAcknowledgementNobodyWillAnswer(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let store = try await openStore(accountURL(server, 0), clock: clock)
            let js = JetStreamContext(client: store.client)
            try await store.createQueue(Queue(name: "work", maxConcurrent: 4, maxRunTime: .seconds(60)))
            try await store.enqueue([JobTask(id: "t1", type: "t", queue: "work", created: clock.now())])
            let claims = try await store.claim(queue: "work", upTo: 1, worker: "w")
            try #require(claims.count == 1)

            let workers = try await js.consumerInfo(stream: "CHORIA_AJ_Q_work", name: "WORKERS")
            try await js.deleteConsumer(stream: "CHORIA_AJ_Q_work", name: "WORKERS")
            _ = try await js.createConsumer(stream: "CHORIA_AJ_Q_work", config: workers.config)

            let started = ContinuousClock.now
            try await store.resolve(claims[0], .complete(result: .null))
            let took = ContinuousClock.now - started
            // The wait for the answer is a second; without it the resolution took the 8 s patience.
            #expect(took < .seconds(6), "the resolution returned \(took) after it began")
            print("forgotten delivery on \(version): the resolution returned after \(took)")
            #expect(try await store.task(id: "t1").state == .complete)

            #expect(try await store.claim(queue: "work", upTo: 1, worker: "w").isEmpty,
                    "the item delivered again is not run again")
            try await waitUntil { try await js.streamInfo("CHORIA_AJ_Q_work").state.messages == 0 }
            #expect(try await store.task(id: "t1").tries == 1)
            await closeStore(store)
        }
    }
}
