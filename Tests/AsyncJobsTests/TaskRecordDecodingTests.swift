import AsyncJobsTesting
import Foundation
import Testing

@testable import AsyncJobs

/// `JobTask(wireJSON:)` (the scanner's fast path) decodes exactly what `JSONDecoder` decodes, and fails
/// where it fails.
@Suite("Task record decoding")
struct TaskRecordDecodingTests {
    /// The Go library's own records (reference Appendix).
    static let golden = [
        #"{"id":"3MrTVGwtyjpdlKSb2Rnvdud4YIg","type":"email:new","queue":"EMAIL","payload":"eyJib2R5IjoidGVzdCIsInN1YmplY3QiOiJoZWxsbyIsInRvIjoidXNlcjBAZXhhbXBsZS5uZXQifQ==","max_tries":10,"result":{"payload":"sent","completed":"2026-12-01T06:48:28.338491177Z"},"state":"complete","created":"2026-12-01T06:48:28.336825441Z","tried":"2026-12-01T06:48:28.338491117Z","tries":1}"#,
        #"{"id":"3MrTVF5QTSKoSCcRK3UczoY4bMQ","type":"email:fail","queue":"EMAIL","payload":"eyJib2R5IjoidGVzdCIsInN1YmplY3QiOiJoZWxsbyIsInRvIjoidXNlcjJAZXhhbXBsZS5uZXQifQ==","max_tries":10,"state":"retry","created":"2026-12-01T06:48:28.337486087Z","tried":"2026-12-01T06:48:28.339548965Z","tries":1,"last_err":"simulated failure"}"#,
    ]

    /// Forms the scanner leaves to JSONDecoder, or that are no task at all.
    static let unusual = [
        #"{"id":"a","type":"t","queue":"q","payload":null,"result":{"payload":1.5,"completed":"2026-12-01T06:48:28Z"},"state":"complete","created":"2026-12-01T06:48:28Z","tries":1}"#,
        #"{"id":"a","id":"b","type":"t","payload":null,"state":"new","created":"2026-12-01T06:48:28Z","tries":0}"#,
        #"{"id":"a","type":"t","payload":null,"state":"sleeping","created":"2026-12-01T06:48:28Z","tries":0}"#,
        #"{"id":"a","type":"t","payload":"%%%","state":"new","created":"2026-12-01T06:48:28Z","tries":0}"#,
        #"{"id":"a","type":"t","payload":null,"state":"new","created":"yesterday","tries":0}"#,
        #"{"id":"a","type":"t","payload":null,"state":"new","tries":0}"#,
        #"{"type":"t","payload":null,"state":"new","created":"2026-12-01T06:48:28Z"}"#,
        #"{"id":"a","type":"t","payload":null,"state":"new","created":"2026-12-01T06:48:28Z","tries":1e0}"#,
        #"{"id":"a","type":"t","payload":null,"state":"new","created":"2026-12-01T06:48:28Z","tries":0} x"#,
        #"{"id":"a","type":"t","payload":null,"state":"new","created":"2026-12-01T06:48:28Z","tries":01}"#,
        #"{"id":"\ud800","type":"t","payload":null,"state":"new","created":"2026-12-01T06:48:28Z","tries":0}"#,
        #"{"id":"a","type":"t","payload":null,"state":"new","created":"2026-12-01T06:48:28Z","tries":"1"}"#,
        #"["id"]"#, "", "{",
    ]

    @Test(arguments: golden + unusual)
    func agreesWithJSONDecoder(_ text: String) {
        let bytes = Array(text.utf8)
        let full = Result { try JSONDecoder().decode(JobTask.self, from: Data(bytes)) }
        let fast = Result { try JobTask(wireJSON: bytes) }
        switch (full, fast) {
        case (.success(let expected), .success(let decoded)): #expect(decoded == expected)
        case (.failure, .failure): break
        default: Issue.record("JSONDecoder: \(full), wireJSON: \(fast)")
        }
    }

    @Test
    func goldenRecordsReadEveryField() throws {
        // The scanner reads the Go library's records itself, without falling back.
        for record in Self.golden { #expect(JobTask.scanned(wireJSON: Array(record.utf8)) != nil) }
        let task = try JobTask(wireJSON: Array(Self.golden[0].utf8))
        #expect(task.id == "3MrTVGwtyjpdlKSb2Rnvdud4YIg")
        #expect(task.state == .complete)
        #expect(task.result?.payload == .string("sent"))
        #expect(task.maxTries == 10)
        #expect(task.tries == 1)
        #expect(Array(task.wireJSON) == Array(Self.golden[0].utf8))
    }

    @Test
    func escapesAndWhitespaceReadAsJSONDecoderReadsThem() throws {
        let text = " { \"id\" : \"a\\u003cb\\u003e\" ,\"type\":\"t\\\"q\\\\\\/\",\"payload\":null,\"state\":\"new\", "
            + "\"created\":\"2026-12-01T06:48:28+01:00\",\"tries\":0,\"last_err\":\"line\\nnext \\ud83d\\ude00\","
            + "\"extra\":{\"deep\":[1,true,null,\"x\"]},\"dependencies\":[\"b\",\"c\"]} "
        let expected = try JSONDecoder().decode(JobTask.self, from: Data(text.utf8))
        let decoded = try #require(JobTask.scanned(wireJSON: Array(text.utf8)))
        #expect(decoded == expected)
        #expect(decoded.id == "a<b>")
        #expect(decoded.lastError == "line\nnext 😀")
    }

    /// Random tasks written by the wire encoder read back equal, through both decoders (on a thread of its
    /// own: 500 tasks through both decoders compute for a while in a debug build).
    @Test(.ownThread)
    func randomTasksRoundTrip() throws {
        var random = SeededRandom(seed: 0x5EED)
        let states = TaskState.allCases
        let base = Timestamp(nanoseconds: 1_764_571_708_336_825_441)
        func time() -> Timestamp { base + .nanoseconds(Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random)) }
        func text() -> String {
            let alphabet = Array("abcXYZ019 _-:.\"\\/<>&\n\té😀")
            return String((0..<Int.random(in: 1...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
        func json(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 2 ? 4 : 6), using: &random) {
            case 0: .null
            case 1: .bool(Bool.random(using: &random))
            case 2: .integer(Int64.random(in: Int64.min...Int64.max, using: &random))
            case 3: .string(text())
            case 4: .array((0..<Int.random(in: 0...3, using: &random)).map { _ in json(depth + 1) })
            default: .object(Dictionary((0..<Int.random(in: 0...3, using: &random)).map { _ in (text(), json(depth + 1)) },
                                        uniquingKeysWith: { first, _ in first }))
            }
        }
        for _ in 0..<500 {
            let dependencies = (0..<Int.random(in: 0...2, using: &random)).map { _ in KSUID.make() }
            let task = JobTask(
                type: "t:\(Int.random(in: 0...9, using: &random))", queue: Bool.random(using: &random) ? "EMAIL" : "q",
                payload: Bool.random(using: &random) ? Data(text().utf8) : nil,
                deadline: Bool.random(using: &random) ? time() : nil, maxTries: Int.random(in: 0...20, using: &random),
                result: Bool.random(using: &random) ? TaskResult(payload: json(0), completed: time()) : nil,
                state: states.randomElement(using: &random)!, created: time(),
                tried: Bool.random(using: &random) ? time() : nil, tries: Int.random(in: 0...30, using: &random),
                lastError: Bool.random(using: &random) ? text() : nil, dependencies: dependencies,
                loadDependencies: Bool.random(using: &random),
                dependencyResults: Dictionary(uniqueKeysWithValues: dependencies.filter { _ in Bool.random(using: &random) }
                    .map { ($0, TaskResult(payload: json(1), completed: time())) }),
                signature: Bool.random(using: &random) ? "ab12" : nil)
            let bytes = Array(task.wireJSON)
            let full = try JSONDecoder().decode(JobTask.self, from: Data(bytes))
            #expect(try JobTask(wireJSON: bytes) == full)
            // No fractional numbers here: the scanner reads every one of them itself.
            #expect(JobTask.scanned(wireJSON: bytes) == full)
            #expect(full == task)
        }
    }
}
