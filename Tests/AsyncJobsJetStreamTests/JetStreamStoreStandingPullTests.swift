import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import JetStream
import NATSTestSupport
import Testing

/// A claim that leaves slots free leaves a pull for them waiting with the server, so the next item is
/// delivered the moment it is stored. What it delivers must never be stranded: a delivery nobody claims
/// would otherwise hold its item, and a MaxAckPending slot, for the whole AckWait (MaxRunTime).
@Suite("JetStream store: standing pulls", .serialized)
struct JetStreamStoreStandingPullTests {
    /// Only where MaxDeliver is unlimited: a delivery given back is a delivery counted.
    @Test(arguments: bothServerVersions)
    func aClaimLeavesAPullOnlyWhereMaxDeliverIsUnlimited(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let store = try await openStore(accountURL(server, 0), clock: SystemClock())
            let js = JetStreamContext(client: store.client)
            try await store.createQueue(Queue(name: "open", maxConcurrent: 4, maxRunTime: .seconds(600)))
            try await store.createQueue(Queue(name: "limited", maxConcurrent: 4, maxRunTime: .seconds(600), maxTries: 3))
            // A pull waits 250 ms: a loaded machine can take longer than that between a claim and the look at
            // the consumer (a CI run did), so the open queue's is looked for over several claims.
            var seenOpen = false
            for _ in 0..<20 where !seenOpen {
                #expect(try await store.claim(queue: "open", upTo: 4, worker: "w").isEmpty)
                seenOpen = try await js.consumerInfo(stream: "CHORIA_AJ_Q_open", name: "WORKERS").waitingCount == 1
            }
            #expect(seenOpen, "no claim of the open queue left a pull the server held")
            for _ in 0..<3 {
                #expect(try await store.claim(queue: "limited", upTo: 4, worker: "w").isEmpty)
                #expect(try await js.consumerInfo(stream: "CHORIA_AJ_Q_limited", name: "WORKERS").waitingCount == 0)
            }

            // An item stored while the pull waits is delivered into it, and the next claim leases it.
            try await store.enqueue([JobTask(id: "t1", type: "t", queue: "open")])
            let claims = try await store.claim(queue: "open", upTo: 4, worker: "w")
            #expect(claims.map(\.task.id) == ["t1"])
            #expect(claims.first?.task.tries == 1)
            await closeStore(store)
        }
    }

    /// A process whose pool stopped claiming gives back what its pull delivered within a second, and the
    /// task runs elsewhere with the tries it has (the delivery given back is not a try).
    @Test(arguments: bothServerVersions)
    func aDeliveryNobodyClaimsIsGivenBack(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let idle = try await openStore(accountURL(server, 0), clock: SystemClock())
            let other = try await openStore(accountURL(server, 0), clock: SystemClock())
            try await idle.createQueue(Queue(name: "work", maxConcurrent: 1, maxRunTime: .seconds(600)))
            #expect(try await idle.claim(queue: "work", upTo: 1, worker: "idle").isEmpty)
            try await other.enqueue([JobTask(id: "t1", type: "t", queue: "work")])

            let started = ContinuousClock.now
            var claims: [Claim] = []
            while claims.isEmpty, ContinuousClock.now - started < .seconds(30) {
                claims = try await other.claim(queue: "work", upTo: 1, worker: "other")
                if claims.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            }
            let took = ContinuousClock.now - started
            #expect(claims.map(\.task.id) == ["t1"])
            #expect(claims.first?.task.tries == 1)
            // Given back after 0.25 s unclaimed (MaxConcurrent 1: nobody else could have it meanwhile); kept, it
            // would wait out AckWait (600 s). The bound leaves room for a loaded machine.
            #expect(took < .seconds(20), "the other process leased the task \(took) after it was enqueued")
            print("standing pull on \(version): an unclaimed delivery reached another process after \(took)")
            await closeStore(idle)
            await closeStore(other)
        }
    }

    /// Closing a store waits for its pulls to end and gives back what they delivered; it does not strand a
    /// delivery in an inbox nobody reads.
    @Test(arguments: bothServerVersions)
    func closingGivesBackWhatThePullsDelivered(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let closing = try await openStore(accountURL(server, 0), clock: SystemClock())
            let other = try await openStore(accountURL(server, 0), clock: SystemClock())
            try await closing.createQueue(Queue(name: "work", maxConcurrent: 2, maxRunTime: .seconds(600)))
            #expect(try await closing.claim(queue: "work", upTo: 2, worker: "closing").isEmpty)
            try await other.enqueue([JobTask(id: "t1", type: "t", queue: "work"), JobTask(id: "t2", type: "t", queue: "work")])
            let closeStarted = ContinuousClock.now
            await closeStore(closing)
            let closeTook = ContinuousClock.now - closeStarted
            #expect(closeTook < .seconds(10), "closing took \(closeTook)")

            // Kept by the closed store, they would stay pending for the whole AckWait (600 s).
            var claimed: [String] = []
            try await eventually(timeout: .seconds(20), "the closed store's deliveries to be leased elsewhere") {
                claimed += try await other.claim(queue: "work", upTo: 2 - claimed.count, worker: "other").map(\.task.id)
                return claimed.count == 2
            }
            #expect(Set(claimed) == ["t1", "t2"])
            await closeStore(other)
        }
    }
}
