import Foundation
import JetStream
import NATS
import NATSTestSupport
import Synchronization
import Testing

/// A pull left waiting with the server: each message stored while it waits is handed over as it arrives,
/// and the pull ends once its batch is delivered or its expiry passes.
@Suite("JetStream standing pulls against real servers", .serialized)
struct JetStreamStandingPullTests {
    @Test(arguments: bothServerVersions)
    func deliveriesArriveOneByOneUntilTheBatchIsFull(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            try await JetStreamConsumerTests.workQueue(js)
            _ = try await js.createConsumer(stream: "Q", config: JetStreamConsumerTests.workers())
            let delivered = Mutex<[String]>([])
            let ended = Mutex(false)
            let pull = try await js.standingPull(stream: "Q", consumer: "WORKERS", batch: 2, expires: .seconds(60),
                                                 deliver: { message in delivered.withLock { $0.append(message.message.subject) } },
                                                 ended: { ended.withLock { $0 = true } })
            #expect(pull.outstanding == 2)
            _ = try await js.publish("q.a", payload: Array("a".utf8))
            try await waitFor { delivered.withLock { $0 } == ["q.a"] }
            // The first is handed over while the pull still waits for the second.
            #expect(pull.outstanding == 1)
            #expect(!pull.hasEnded && !ended.withLock { $0 })
            _ = try await js.publish("q.b", payload: Array("b".utf8))
            try await waitFor { ended.withLock { $0 } }
            #expect(delivered.withLock { $0 } == ["q.a", "q.b"])
            #expect(pull.hasEnded && pull.outstanding == 0)
        }
    }

    @Test(arguments: bothServerVersions)
    func aPullNothingFillsEndsAtItsExpiry(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            try await JetStreamConsumerTests.workQueue(js)
            _ = try await js.createConsumer(stream: "Q", config: JetStreamConsumerTests.workers())
            let ended = Mutex<ContinuousClock.Instant?>(nil)
            let started = ContinuousClock.now
            let pull = try await js.standingPull(stream: "Q", consumer: "WORKERS", batch: 5, expires: .milliseconds(300),
                                                 deliver: { _ in }, ended: { ended.withLock { $0 = .now } })
            try await waitFor { ended.withLock { $0 } != nil }
            let took = try #require(ended.withLock { $0 }) - started
            #expect(took >= .milliseconds(250), "ended \(took) after it was left")
            #expect(pull.hasEnded && pull.outstanding == 0)
            // The server no longer holds it: a message stored now waits for the next pull.
            #expect(try await js.consumerInfo(stream: "Q", name: "WORKERS").waitingCount == 0)
        }
    }
}

/// Polls `condition` every 5 ms for up to 20 s (a loaded machine).
private func waitFor(_ condition: () -> Bool) async throws {
    let started = ContinuousClock.now
    while !condition() {
        guard ContinuousClock.now - started < .seconds(20) else {
            Issue.record("condition not met within 20 s")
            return
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}
