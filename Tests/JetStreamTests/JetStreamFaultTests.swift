import JetStream
import NATS
import NATSTestSupport
import Testing

/// What survives a server crash and a leader loss. 2.15 only: 2.9 has no `sync_interval` (it refuses to start
/// with it), and the cluster behaviour under test is the one current servers have.
@Suite("JetStream faults against real servers", .serialized)
struct JetStreamFaultTests {
    /// Publishes until `count` messages are acknowledged, retrying each one through errors, and returns the
    /// acknowledged sequence of each message id. A retry carries the same `Nats-Msg-Id`, so a message stored
    /// before a crash but not acknowledged is not stored twice.
    static func publishAll(_ js: JetStreamContext, count: Int, subject: String,
                           during fault: @Sendable @escaping (Int) async throws -> Void) async throws -> [String: UInt64] {
        var acknowledged: [String: UInt64] = [:]
        for index in 0..<count {
            let id = "m-\(index)"
            try await fault(index)
            let clock = ContinuousClock()
            let giveUp = clock.now + .seconds(20)
            while true {
                do {
                    let ack = try await js.publish(subject, payload: bytes(id), options: PublishOptions(messageID: id),
                                                   timeout: .seconds(1))
                    acknowledged[id] = ack.sequence
                    break
                } catch {
                    guard clock.now < giveUp else { throw error }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
        }
        return acknowledged
    }

    @Test func everyAcknowledgedPublishSurvivesAServerKilledMidStream() async throws {
        try await withJetStream(.v2_15, syncAlways: true) { server, js in
            try await js.createStream(StreamConfig(name: "DURABLE", subjects: ["durable.>"], storage: .file))
            let acknowledged = try await Self.publishAll(js, count: 600, subject: "durable.x") { index in
                guard index == 300 else { return }
                await server.kill()
                try await server.restart()
            }
            #expect(acknowledged.count == 600)
            let info = try await js.streamInfo("DURABLE")
            #expect(info.state.messages == 600)
            for (id, sequence) in acknowledged {
                let stored = try await js.message(stream: "DURABLE", sequence: sequence)
                #expect(stored.payload == bytes(id), "message \(id) acknowledged at \(sequence)")
            }
        }
    }

    @Test func requestsSucceedWithinTenSecondsOfTheStreamLeaderBeingKilled() async throws {
        guard NATSServerBinary.shouldRun(.v2_15) else { return }
        try await withNATSCluster(size: 3, NATSServerConfiguration(version: .v2_15, jetStream: true)) { servers in
            let client = try await NATSClient.connect(NATSOptions(servers: servers.map(\.url), name: "leader-loss"))
            defer { Task { await client.close() } }
            let js = JetStreamContext(client: client)
            let clock = ContinuousClock()
            let ready = clock.now + .seconds(20)
            var created: StreamInfo?
            while created == nil {
                do {
                    var config = StreamConfig(name: "R3", subjects: ["r3.>"], storage: .file, replicas: 3)
                    config.maxAge = .seconds(3600)
                    created = try await js.createStream(config)
                } catch {
                    // The cluster's meta leader may not be elected yet.
                    guard clock.now < ready else { throw error }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            for index in 0..<20 { try await js.publish("r3.x", payload: bytes("before \(index)")) }
            let leaderName = try #require(try await js.streamInfo("R3").cluster?.leader)
            let leader = try #require(servers.first { $0.name == leaderName })
            await leader.kill()
            let killed = clock.now

            var recovered: Duration?
            while clock.now - killed < .seconds(15) {
                do {
                    try await js.publish("r3.x", payload: bytes("after"), timeout: .seconds(1))
                    let info = try await js.streamInfo("R3")
                    if let newLeader = info.cluster?.leader, newLeader != leaderName {
                        recovered = clock.now - killed
                        break
                    }
                } catch {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            let elapsed = try #require(recovered, "no request succeeded within 15 s of the leader's death")
            print("JetStream leader loss: requests succeeded again after \(elapsed)")
            #expect(elapsed <= .seconds(10))
            #expect(try await js.streamInfo("R3").state.messages >= 21)
        }
    }
}
