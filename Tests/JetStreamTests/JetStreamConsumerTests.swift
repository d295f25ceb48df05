import JetStream
import NATS
import NATSTestSupport
import Testing

/// Consumer management in the 2.9 and 2.10+ API forms, pulls and acknowledgements, against real servers.
@Suite("JetStream consumers and pulls against real servers", .serialized)
struct JetStreamConsumerTests {
    static func workQueue(_ js: JetStreamContext) async throws {
        try await js.createStream(StreamConfig(name: "Q", subjects: ["q.>"], retention: .workqueue, storage: .memory))
    }

    static func workers(ackWait: Nanoseconds = .seconds(30), maxDeliver: Int = -1) -> ConsumerConfig {
        ConsumerConfig(durableName: "WORKERS", deliverPolicy: .all, ackPolicy: .explicit, ackWait: ackWait,
                       maxDeliver: maxDeliver, maxAckPending: 100)
    }

    @Test(arguments: bothServerVersions)
    func consumersAreCreatedUpdatedListedAndDeleted(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            try await Self.workQueue(js)
            let created = try await js.createConsumer(stream: "Q", config: Self.workers(), action: .create)
            #expect(created.name == "WORKERS")
            #expect(created.config.ackWait == .seconds(30))

            // Both versions refuse a create over an existing consumer with another config (2.9 by the client's check).
            await #expect { try await js.createConsumer(stream: "Q", config: Self.workers(ackWait: .seconds(5)), action: .create) }
                throws: { apiErrorCode($0) == JetStreamErrorCode.consumerAlreadyExists }
            let updated = try await js.updateConsumer(stream: "Q", config: Self.workers(ackWait: .seconds(5)))
            #expect(updated.config.ackWait == .seconds(5))
            #expect(try await js.consumerInfo(stream: "Q", name: "WORKERS").config.ackWait == .seconds(5))

            var missing = Self.workers()
            missing.durableName = "NOBODY"
            await #expect { try await js.updateConsumer(stream: "Q", config: missing) } throws: { apiErrorCode($0) != nil }

            #expect(try await js.consumerNames(stream: "Q") == ["WORKERS"])
            #expect(try await js.consumers(stream: "Q").map(\.name) == ["WORKERS"])
            try await js.deleteConsumer(stream: "Q", name: "WORKERS")
            #expect(try await js.consumerInfoIfExists(stream: "Q", name: "WORKERS") == nil)
            await #expect { try await js.consumerInfo(stream: "Q", name: "WORKERS") }
                throws: { apiErrorCode($0) == JetStreamErrorCode.consumerNotFound }
        }
    }

    @Test(arguments: bothServerVersions)
    func filtersUseTheFormTheServerKnows(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            try await js.createStream(StreamConfig(name: "EV", subjects: ["ev.>"], storage: .memory))
            var single = ConsumerConfig(durableName: "ONE", ackPolicy: .explicit, filterSubject: "ev.a.>")
            single.description = "one filter, carried in the subject"
            #expect(try await js.createConsumer(stream: "EV", config: single).config.filterSubject == "ev.a.>")

            var several = ConsumerConfig(durableName: "TWO", ackPolicy: .explicit)
            several.filterSubjects = ["ev.a", "ev.b"]
            if version == .v2_9 {
                await #expect { try await js.createConsumer(stream: "EV", config: several) } throws: { error in
                    if case .unsupportedByServer = error as? JetStreamError { return true }
                    return false
                }
            } else {
                #expect(try await js.createConsumer(stream: "EV", config: several).config.filterSubjects == ["ev.a", "ev.b"])
            }
        }
    }

    @Test(arguments: bothServerVersions)
    func pullsFetchBatchesAndEndOnNoWaitAndExpiry(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            try await Self.workQueue(js)
            try await js.createConsumer(stream: "Q", config: Self.workers())
            for index in 1...5 { try await js.publish("q.\(index)", payload: bytes("job \(index)")) }

            let three = try await js.fetch(stream: "Q", consumer: "WORKERS", batch: 3, expires: .seconds(2))
            #expect(three.map(\.payload) == (1...3).map { bytes("job \($0)") })
            #expect(three.map(\.metadata.streamSequence) == [1, 2, 3])
            #expect(three.allSatisfy { $0.metadata.deliveredCount == 1 })
            #expect(three.last?.metadata.pendingCount == 2)
            for message in three { try await message.acknowledge() }

            let rest = try await js.fetch(stream: "Q", consumer: "WORKERS", batch: 10, expires: .milliseconds(500))
            #expect(rest.count == 2)
            for message in rest { try message.ack() }

            let none = try await js.fetch(stream: "Q", consumer: "WORKERS", batch: 1, noWait: true)
            #expect(none.isEmpty)
            let clock = ContinuousClock()
            let started = clock.now
            // Heartbeats every 500 ms: two missed ones (1 s) end a pull, so a loaded machine's scheduling delay
            // must not pass for a lost server.
            let expired = try await js.fetch(stream: "Q", consumer: "WORKERS", batch: 1, expires: .milliseconds(1500),
                                             idleHeartbeat: .milliseconds(500))
            #expect(expired.isEmpty)
            #expect(clock.now - started >= .milliseconds(1400))
            #expect(try await js.consumerInfo(stream: "Q", name: "WORKERS").ackPendingCount == 0)
        }
    }

    @Test(arguments: bothServerVersions)
    func aPullEndsWhenItsConsumerIsDeleted(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            try await Self.workQueue(js)
            try await js.createConsumer(stream: "Q", config: Self.workers())
            let pull = Task { try await js.fetch(stream: "Q", consumer: "WORKERS", batch: 1, expires: .seconds(5)) }
            try await Task.sleep(for: .milliseconds(300))
            try await js.deleteConsumer(stream: "Q", name: "WORKERS")
            await #expect { try await pull.value } throws: { error in
                if case .pullTerminated(409, _) = error as? JetStreamError { return true }
                return false
            }
        }
    }

    @Test(arguments: bothServerVersions)
    func nakWithDelayTermAndInProgressBehaveAsAsyncJobsNeeds(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            try await Self.workQueue(js)
            // The server holds a NAK's delay only when it is shorter than AckWait.
            try await js.createConsumer(stream: "Q", config: Self.workers(ackWait: .seconds(2)))
            try await js.publish("q.nak", payload: bytes("nak me"))

            let first = try #require(try await js.fetch(stream: "Q", consumer: "WORKERS", batch: 1, expires: .seconds(2)).first)
            let clock = ContinuousClock()
            let nakked = clock.now
            try await first.acknowledge(.nak(delay: .milliseconds(1500)))
            #expect(try await js.fetch(stream: "Q", consumer: "WORKERS", batch: 1, noWait: true).isEmpty)
            let again = try #require(try await js.fetch(stream: "Q", consumer: "WORKERS", batch: 1, expires: .seconds(4)).first)
            #expect(clock.now - nakked >= .milliseconds(1400))
            #expect(again.metadata.deliveredCount == 2)

            // In progress, repeated over more than the 2 s AckWait, keeps the delivery from coming back.
            for _ in 0..<3 {
                try await Task.sleep(for: .milliseconds(800))
                try await again.acknowledge(.inProgress)
            }
            #expect(try await js.fetch(stream: "Q", consumer: "WORKERS", batch: 1, noWait: true).isEmpty)
            try await again.acknowledge(.term(reason: "gave up"))
            #expect(try await js.fetch(stream: "Q", consumer: "WORKERS", batch: 1, expires: .milliseconds(1500)).isEmpty)
            if version != .v2_9 {
                // 2.9.10 keeps counting a terminated delivery as ack-pending (observed); it is not redelivered either way.
                #expect(try await js.consumerInfo(stream: "Q", name: "WORKERS").ackPendingCount == 0)
            }
        }
    }
}
