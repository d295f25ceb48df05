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

/// The byte parser reads what splitting the subject into strings read.
@Suite("JetStream ack metadata against a split")
struct JetStreamAckMetadataSplitTests {
    /// The former reading: split on dots, numbers through `init?(_: String)`.
    static func bySplitting(_ subject: String) -> [String]? {
        var tokens = subject.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard tokens.count >= 9, tokens.count != 10, tokens[0] == "$JS", tokens[1] == "ACK" else { return nil }
        if tokens.count == 9 { tokens.insert(contentsOf: ["", ""], at: 2) }
        guard let delivered = UInt64(tokens[6]), let stream = UInt64(tokens[7]), let consumer = UInt64(tokens[8]),
              let time = Int64(tokens[9]), let pending = UInt64(tokens[10]) else { return nil }
        let domain = tokens[2].isEmpty || tokens[2] == "_" ? "-" : tokens[2]
        return [domain, tokens[4], tokens[5], "\(delivered)", "\(stream)", "\(consumer)", "\(time)", "\(pending)"]
    }

    @Test(arguments: [
        "$JS.ACK.S.C.1.2.3.4.5", "$JS.ACK.d.h.S.C.1.2.3.4.5", "$JS.ACK._.h.S.C.1.2.3.-4.5.x.y",
        "$JS.ACK.S.C.+1.2.3.4.5", "$JS.ACK.S.C.1.2.3.4.", "$JS.ACK.S.C.18446744073709551615.2.3.4.5",
        "$JS.ACK.S.C.18446744073709551616.2.3.4.5", "$JS.ACK.S.C.1.2.3.9223372036854775808.5", "$JS.ACK..C.1.2.3.4.5",
        "$JS.ACK.S.C.1.2.3.4.5.6", "$JS.ACK.S.C.-.2.3.4.5", "$JS.ACK.S.C.1.2.3.4.5.6.7.8.9.10.11.12", "$JS.ACK",
        "", ".........", "$JS.ACK.é.ü.1.2.3.4.5",
    ])
    func agrees(subject: String) {
        let metadata = AckMetadata(replySubject: subject)
        let fields = metadata.map { [$0.domain ?? "-", $0.stream, $0.consumer, "\($0.deliveredCount)", "\($0.streamSequence)",
                                     "\($0.consumerSequence)", "\($0.timestampNanoseconds)", "\($0.pendingCount)"] }
        #expect(fields == Self.bySplitting(subject))
    }
}
