import JetStream
import NATS
import NATSTestSupport
import Testing

/// Stream management and single-message reads against real servers of both versions.
@Suite("JetStream streams against real servers", .serialized)
struct JetStreamStreamTests {
    @Test(arguments: bothServerVersions)
    func createInfoUpdatePurgeAndDeleteAStream(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            let account = try await js.accountInfo()
            #expect(account.streams == 0)

            var config = StreamConfig(name: "ORDERS", subjects: ["orders.*"], description: "orders", storage: .memory)
            config.maxMessagesPerSubject = 1
            let created = try await js.createStream(config)
            #expect(created.didCreate == true)
            #expect(created.config.maxMessagesPerSubject == 1)
            #expect(created.config.duplicateWindow == .seconds(120))

            let again = try await js.createStream(config)
            #expect(again.config.name == "ORDERS")

            var conflicting = config
            conflicting.subjects = ["other.*"]
            await #expect { try await js.createStream(conflicting) } throws: { apiErrorCode($0) == JetStreamErrorCode.streamNameInUse }

            config.description = "orders, updated"
            config.maxMessages = 1000
            let updated = try await js.updateStream(config)
            #expect(updated.config.description == "orders, updated")
            #expect(updated.config.maxMessages == 1000)

            for index in 1...3 { try await js.publish("orders.\(index)", payload: bytes("o\(index)")) }
            #expect(try await js.streamInfo("ORDERS").state.messages == 3)
            #expect(try await js.purgeStream("ORDERS", subject: "orders.2") == 1)
            #expect(try await js.purgeStream("ORDERS") == 2)
            #expect(try await js.streamInfo("ORDERS").state.messages == 0)

            try await js.deleteStream("ORDERS")
            await #expect { try await js.streamInfo("ORDERS") } throws: { apiErrorCode($0) == JetStreamErrorCode.streamNotFound }
            #expect(try await js.streamInfoIfExists("ORDERS") == nil)
        }
    }

    @Test(arguments: bothServerVersions)
    func namesAndListsFilterBySubject(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            for name in ["Q_A", "Q_B", "OTHER"] {
                let subject = name == "OTHER" ? "other.>" : "q.\(name).>"
                try await js.createStream(StreamConfig(name: name, subjects: [subject], storage: .memory))
            }
            #expect(Set(try await js.streamNames()) == ["Q_A", "Q_B", "OTHER"])
            #expect(Set(try await js.streamNames(subject: "q.>")) == ["Q_A", "Q_B"])
            #expect(try await js.streams(subject: "other.>").map(\.config.name) == ["OTHER"])
        }
    }

    @Test(arguments: bothServerVersions)
    func messagesAreReadBySequenceAndLastBySubjectAndDeleted(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            try await js.createStream(StreamConfig(name: "TASKS", subjects: ["t.*"], storage: .memory))
            try await js.publish("t.a", payload: bytes("first"), headers: ["X-App": "1"])
            try await js.publish("t.a", payload: bytes("second"))
            try await js.publish("t.b", payload: [])

            let first = try await js.message(stream: "TASKS", sequence: 1)
            #expect(first.subject == "t.a")
            #expect(first.payload == bytes("first"))
            #expect(first.headers?["X-App"] == "1")

            let last = try #require(try await js.lastMessage(stream: "TASKS", subject: "t.a"))
            #expect(last.sequence == 2)
            #expect(last.payload == bytes("second"))
            #expect(last.headers == nil)
            #expect(try await js.lastMessage(stream: "TASKS", subject: "t.b")?.payload == [])
            #expect(try await js.lastMessage(stream: "TASKS", subject: "t.none") == nil)

            try await js.deleteMessage(stream: "TASKS", sequence: 1)
            await #expect { try await js.message(stream: "TASKS", sequence: 1) } throws: { $0 is JetStreamError }
            await #expect { try await js.deleteMessage(stream: "TASKS", sequence: 99) } throws: { apiErrorCode($0) != nil }
        }
    }

    @Test(arguments: bothServerVersions)
    func directGetReadsStreamsThatAllowIt(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            var config = StreamConfig(name: "DG", subjects: ["dg.*"], storage: .memory)
            config.allowDirect = true
            try await js.createStream(config)
            try await js.publish("dg.k1", payload: bytes("hello"), headers: ["X-App": "1"])
            try await js.publish("dg.k1", payload: bytes("again"))

            let last = try #require(try await js.directMessage(stream: "DG", lastBySubject: "dg.k1"))
            #expect(last.sequence == 2)
            #expect(last.payload == bytes("again"))
            #expect(last.subject == "dg.k1")
            let first = try #require(try await js.directMessage(stream: "DG", sequence: 1))
            #expect(first.headers?["X-App"] == "1")
            #expect(first.headers?["Nats-Sequence"] == nil)
            #expect(try await js.directMessage(stream: "DG", lastBySubject: "dg.none") == nil)
        }
    }
}
