import Testing
@testable import JetStream

/// The reply subjects of deliveries, in the v1 (9-token) and v2 (11+ token) layouts the servers send.
@Suite("JetStream ack metadata")
struct JetStreamAckMetadataTests {
    @Test func aVersionOneSubjectParses() throws {
        let metadata = try #require(AckMetadata(replySubject: "$JS.ACK.CHORIA_AJ_Q_DEFAULT.WORKERS.2.1.3.1795956864427298826.4"))
        #expect(metadata.stream == "CHORIA_AJ_Q_DEFAULT")
        #expect(metadata.consumer == "WORKERS")
        #expect(metadata.deliveredCount == 2)
        #expect(metadata.streamSequence == 1)
        #expect(metadata.consumerSequence == 3)
        #expect(metadata.timestampNanoseconds == 1_795_956_864_427_298_826)
        #expect(metadata.pendingCount == 4)
        #expect(metadata.domain == nil)
    }

    @Test func aVersionTwoSubjectWithADomainParses() throws {
        let metadata = try #require(AckMetadata(replySubject: "$JS.ACK.hub.szMpdrwD.Q.W.1.5.6.1795957200027040824.0"))
        #expect(metadata.domain == "hub")
        #expect(metadata.stream == "Q")
        #expect(metadata.consumer == "W")
        #expect(metadata.streamSequence == 5)
        #expect(metadata.consumerSequence == 6)
    }

    @Test func aVersionTwoSubjectWithoutDomainAndWithATrailingTokenParses() throws {
        let metadata = try #require(AckMetadata(replySubject: "$JS.ACK._.hash.S.C.1.2.3.4.5.token"))
        #expect(metadata.domain == nil)
        #expect(metadata.pendingCount == 5)
    }

    @Test(arguments: [
        "_INBOX.abc.def",
        "$JS.ACK.S.C.1.2.3.4",
        "$JS.ACK.d.h.S.C.1.2.3.4",
        "$JS.ACK.S.C.x.2.3.4.5",
        "$JS.NAK.S.C.1.2.3.4.5",
    ])
    func subjectsThatAreNotAckSubjectsAreRefused(subject: String) {
        #expect(AckMetadata(replySubject: subject) == nil)
    }
}
