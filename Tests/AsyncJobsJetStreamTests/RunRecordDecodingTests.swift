import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

@testable import AsyncJobsJetStream

/// `RunRecord(stored:)` (the scanner's fast path) decodes exactly what `JSONDecoder` decodes, and fails
/// where it fails.
@Suite("Run record decoding")
struct RunRecordDecodingTests {
    /// Random run records as the store writes them read back equal, through both decoders.
    @Test
    func randomRecordsRoundTrip() throws {
        var random = SeededRandom(seed: 0xA77E)
        let base = Timestamp(nanoseconds: 1_764_571_708_336_825_441)
        func time() -> Timestamp { base + .nanoseconds(Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random)) }
        func text() -> String {
            let alphabet = Array("abcXYZ019 _-:.\"\\/<>&\n\té😀")
            return String((0..<Int.random(in: 1...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
        for _ in 0..<500 {
            let lease = Bool.random(using: &random)
                ? RunRecord.LeaseRecord(worker: text(), attempt: Int.random(in: 1...9, using: &random), started: time(),
                                        expires: time(), ackSubject: "$JS.ACK.\(text())")
                : nil
            let item = Bool.random(using: &random)
                ? RunRecord.Item(queue: text(), available: time(), enqueued: time(), published: Bool.random(using: &random),
                                 lease: lease, terminateRequested: Bool.random(using: &random))
                : nil
            let attempts = (0..<Int.random(in: 0...3, using: &random)).map { n in
                Attempt(n: n + 1, worker: text(), started: time(), ended: Bool.random(using: &random) ? time() : nil,
                        outcome: Attempt.Outcome.allCases.randomElement(using: &random)!,
                        error: Bool.random(using: &random) ? text() : nil)
            }
            let run = RunRecord(item: item, attempts: attempts)
            let bytes = run.encoded
            #expect(try JSONDecoder().decode(RunRecord.self, from: Data(bytes)) == run)
            #expect(try RunRecord(stored: bytes) == run)
            #expect(RunRecord.scanned(bytes) == run, "the scanner reads the store's own records without falling back")
        }
    }

    @Test(arguments: [
        #"{"attempts":[],"item":{"queue":"q","available":"2026-12-01T06:48:28Z","enqueued":"2026-12-01T06:48:28Z","published":true,"terminateRequested":false}}"#,
        #"{"attempts":[{"n":1,"worker":"w","started":"2026-12-01T06:48:28Z","outcome":"failed","error":null,"ended":null}],"item":null}"#,
        #"{"attempts":[{"n":1,"worker":"w","started":"2026-12-01T06:48:28Z","outcome":"sleeping"}]}"#,
        #"{"attempts":[],"attempts":[]}"#,
        #"{"item":{"queue":"q"}}"#,
        #"{"attempts":[{"n":1.5,"worker":"w","started":"2026-12-01T06:48:28Z","outcome":"failed"}]}"#,
        #"{"attempts":[],"item":{"queue":"q","available":"2026-12-01T06:48:28Z","enqueued":"2026-12-01T06:48:28Z","published":null,"terminateRequested":false}}"#,
        "[]",
    ])
    func agreesWithJSONDecoder(_ text: String) {
        let bytes = Array(text.utf8)
        let full = Result { try JSONDecoder().decode(RunRecord.self, from: Data(bytes)) }
        let fast = Result { try RunRecord(stored: bytes) }
        switch (full, fast) {
        case (.success(let expected), .success(let decoded)): #expect(decoded == expected)
        case (.failure, .failure): break
        default: Issue.record("JSONDecoder: \(full), stored: \(fast)")
        }
    }
}
