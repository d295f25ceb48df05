import JetStream
import NATS
import NATSTestSupport
import Testing

/// Publishing with expectations and ids, one at a time and windowed, against real servers of both versions.
@Suite("JetStream publish against real servers", .serialized)
struct JetStreamPublishTests {
    @Test(arguments: bothServerVersions)
    func messageIDsDeduplicateAndExpectationsGuardWrites(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            try await js.createStream(StreamConfig(name: "CHORIA_AJ_TASKS", subjects: ["CHORIA_AJ.T.*"], storage: .memory))
            try await js.createStream(StreamConfig(name: "CHORIA_AJ_Q_DEFAULT", subjects: ["CHORIA_AJ.Q.DEFAULT.>"],
                                                   retention: .workqueue, storage: .memory))

            let item = PublishOptions(messageID: "task-1")
            let stored = try await js.publish("CHORIA_AJ.Q.DEFAULT.task-1", payload: bytes(#"{"kind":0,"job":"task-1"}"#), options: item)
            #expect(stored == PubAck(stream: "CHORIA_AJ_Q_DEFAULT", sequence: 1))
            let duplicate = try await js.publish("CHORIA_AJ.Q.DEFAULT.task-1", payload: bytes("{}"), options: item)
            #expect(duplicate.duplicate)
            #expect(duplicate.sequence == 1)

            let create = PublishOptions(expectedLastSubjectSequence: 0)
            let written = try await js.publish("CHORIA_AJ.T.task-1", payload: bytes("v1"), options: create)
            await #expect { try await js.publish("CHORIA_AJ.T.task-1", payload: bytes("v1 again"), options: create) }
                throws: { ($0 as? JetStreamError)?.isWrongLastSequence == true }
            let next = PublishOptions(expectedLastSubjectSequence: written.sequence)
            #expect(try await js.publish("CHORIA_AJ.T.task-1", payload: bytes("v2"), options: next).sequence == written.sequence + 1)
            await #expect { try await js.publish("CHORIA_AJ.T.task-1", payload: bytes("stale"), options: next) }
                throws: { ($0 as? JetStreamError)?.isWrongLastSequence == true }

            await #expect {
                try await js.publish("CHORIA_AJ.T.task-2", payload: [], options: PublishOptions(expectedStream: "CHORIA_AJ_Q_DEFAULT"))
            } throws: { apiErrorCode($0) == JetStreamErrorCode.streamNotMatch }
            #expect(try await js.publish("CHORIA_AJ.T.task-2", payload: [], options: PublishOptions(expectedStream: "CHORIA_AJ_TASKS")).sequence > 0)

            await #expect { try await js.publish("CHORIA_AJ.Q.NOQUEUE.x", payload: bytes("{}")) } throws: { error in
                if case .noResponders = error as? JetStreamError { return true }
                return false
            }
        }
    }

    @Test(arguments: bothServerVersions)
    func aWindowedPublisherStoresEveryMessageInOrder(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            try await js.createStream(StreamConfig(name: "BULK", subjects: ["bulk.>"], storage: .memory))
            let publisher = try await JetStreamPublisher(context: js, window: 64)
            var pending: [PendingPubAck] = []
            for index in 0..<2000 {
                pending.append(try await publisher.publish("bulk.\(index % 7)", payload: bytes("m\(index)")))
            }
            var sequences: [UInt64] = []
            for ack in pending { sequences.append(try await ack.value().sequence) }
            #expect(sequences == Array(1...2000))
            let refused = try await publisher.publish("nostream.x", payload: [])
            await #expect { try await refused.value() } throws: { error in
                if case .noResponders = error as? JetStreamError { return true }
                return false
            }
            await publisher.close()
            #expect(try await js.streamInfo("BULK").state.messages == 2000)
        }
    }
}
