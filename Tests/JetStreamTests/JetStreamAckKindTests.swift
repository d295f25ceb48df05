import Testing
@testable import JetStream

/// The acknowledgement bodies, byte for byte as asyncjobs (nats.go) sends them.
@Suite("JetStream ack bodies")
struct JetStreamAckKindTests {
    @Test(arguments: [
        (AckKind.ack, "+ACK"),
        (AckKind.nak(delay: nil), "-NAK"),
        (AckKind.nak(delay: .milliseconds(1500)), #"-NAK {"delay": 1500000000}"#),
        (AckKind.inProgress, "+WPI"),
        (AckKind.term(reason: nil), "+TERM"),
        (AckKind.term(reason: "gave up"), "+TERM gave up"),
    ])
    func bodiesAreExact(kind: AckKind, body: String) {
        #expect(String(decoding: kind.body, as: UTF8.self) == body)
    }
}
