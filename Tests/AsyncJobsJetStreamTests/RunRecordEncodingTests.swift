import AsyncJobs
@testable import AsyncJobsJetStream
import Foundation
import Testing

/// The run record's hand-written JSON against Foundation's encoding of the same `Codable` type: the same
/// object (keys, values, what is left out), and decoded back to the same record.
@Suite("run record encoding")
struct RunRecordEncodingTests {
    static let start = Timestamp(nanoseconds: 1_764_590_400_123_456_789)

    static let records: [RunRecord] = [
        .empty,
        RunRecord(item: RunRecord.Item(queue: "q", available: start, enqueued: start, published: true, lease: nil,
                                       terminateRequested: false), attempts: []),
        RunRecord(item: RunRecord.Item(queue: "emails \"big\" \\ <&>", available: start + .seconds(30), enqueued: start,
                                       published: false,
                                       lease: RunRecord.LeaseRecord(worker: "host:12:ab\u{1}", attempt: 2, started: start,
                                                                    expires: start + .seconds(5), ackSubject: "$JS.ACK.Q.W.1.2.3.4.5"),
                                       terminateRequested: true),
                  attempts: [
                      Attempt(n: 1, worker: "w1", started: start, ended: start + .milliseconds(3), outcome: .failed,
                              error: "boom\nline two\tand é ✓"),
                      Attempt(n: 2, worker: "w1", started: start + .seconds(1)),
                  ]),
    ]

    @Test("the same JSON object as JSONEncoder writes", arguments: records.indices)
    func sameObjectAsFoundation(index: Int) throws {
        let record = Self.records[index]
        let ours = try JSONSerialization.jsonObject(with: Data(record.encoded)) as? NSDictionary
        let foundation = try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? NSDictionary
        #expect(ours != nil)
        #expect(ours == foundation)
    }

    @Test("strings escaped as JSON requires, no more (no Go-style escapes of <, > and &)")
    func plainEscapes() {
        let text = String(decoding: Self.records[2].encoded, as: UTF8.self)
        #expect(text.contains(#""queue":"emails \"big\" \\ <&>""#))
        #expect(text.contains(#""worker":"host:12:ab\u0001""#))
        #expect(text.contains(#""error":"boom\nline two\tand é ✓""#))
    }

    @Test("decodes back to the same record", arguments: records.indices)
    func roundTrips(index: Int) throws {
        let record = Self.records[index]
        #expect(try JSONDecoder().decode(RunRecord.self, from: Data(record.encoded)) == record)
    }
}
