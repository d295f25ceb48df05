import AsyncJobs
import Foundation
import Testing

@Suite struct WireFormatTests {
    static let asyncjobsExample = #"{"id":"24smZHaWnjuP371iglxeQWK7nOi","type":"email:new","queue":"DEFAULT","payload":"InsuLi4ufSI=","state":"active","created":"2022-02-09T17:28:41.943198067Z","tried":"2022-02-09T17:33:33.005041134Z","tries":5}"#

    @Test func asyncjobsExampleRoundTripsByteForByte() throws {
        let task = try JSONDecoder().decode(JobTask.self, from: Data(Self.asyncjobsExample.utf8))
        #expect(task.id == "24smZHaWnjuP371iglxeQWK7nOi")
        #expect(task.state == .active)
        #expect(task.tries == 5)
        #expect(task.payload == Data(#""{....}""#.utf8))
        #expect(task.created.nanoseconds % 1_000_000_000 == 943_198_067)
        #expect(String(decoding: task.wireJSON, as: UTF8.self) == Self.asyncjobsExample)
    }

    @Test func everyFieldRoundTrips() throws {
        let task = JobTask(
            id: "abc", type: "t", queue: "q", payload: Data([0, 1, 2, 255]),
            deadline: Timestamp(nanoseconds: 1_700_000_000_123_456_789), maxTries: 3,
            result: TaskResult(payload: ["ok": true, "n": [1, 2.5, nil]], completed: Timestamp(nanoseconds: 1_700_000_001_000_000_000)),
            state: .complete, created: Timestamp(nanoseconds: 1_699_999_999_000_000_001),
            tried: Timestamp(nanoseconds: 1_700_000_000_500_000_000), tries: 2, lastError: "was: boom")
        let decoded = try JSONDecoder().decode(JobTask.self, from: task.wireJSON)
        #expect(decoded == task)
        let json = String(decoding: task.wireJSON, as: UTF8.self)
        #expect(json.contains(#""state":"complete""#))
        #expect(json.contains(#""max_tries":3"#))
        #expect(json.contains(#""last_err":"was: boom""#))
        #expect(json.contains(#""deadline":"2023-11-14T22:13:20.123456789Z""#))
    }

    @Test func codableEncodingAndWireJSONAgree() throws {
        let task = JobTask(
            id: "abc", type: "t", queue: "q", payload: Data([1, 2]), deadline: Timestamp(nanoseconds: 1_700_000_000_123_456_789),
            maxTries: 3, result: TaskResult(payload: ["ok": true], completed: Timestamp(nanoseconds: 1_700_000_001_000_000_000)),
            state: .complete, created: Timestamp(nanoseconds: 1_699_999_999_000_000_001),
            tried: Timestamp(nanoseconds: 1_700_000_000_500_000_000), tries: 2, lastError: "boom")
        // Two writers of one wire object: the ordered one for bytes, Encodable for embedding in other Codable values.
        let viaEncoder = try JSONValue(json: JSONEncoder().encode(task))
        #expect(viaEncoder == (try JSONValue(json: task.wireJSON)))
        #expect(try JSONValue(json: JSONEncoder().encode(JobTask(id: "a", type: "t", maxTries: 0, created: Timestamp(nanoseconds: 0))))
                == (try JSONValue(json: JobTask(id: "a", type: "t", maxTries: 0, created: Timestamp(nanoseconds: 0)).wireJSON)))
    }

    @Test func absentPayloadIsNull() {
        let json = String(decoding: JobTask(id: "a", type: "t", created: Timestamp(nanoseconds: 0)).wireJSON, as: UTF8.self)
        #expect(json == #"{"id":"a","type":"t","queue":"DEFAULT","payload":null,"max_tries":10,"state":"new","created":"1970-01-01T00:00:00Z","tries":0}"#)
    }

    @Test func completedIsAcceptedAsComplete() throws {
        let json = #"{"id":"a","type":"t","queue":"q","payload":null,"state":"completed","created":"2022-02-09T17:28:41Z","tries":1}"#
        #expect(try JSONDecoder().decode(JobTask.self, from: Data(json.utf8)).state == .complete)
    }

    @Test func unknownStatesAndBadPayloadsAreRejected() {
        let badState = #"{"id":"a","type":"t","queue":"q","payload":null,"state":"lost","created":"2022-02-09T17:28:41Z","tries":1}"#
        let badPayload = #"{"id":"a","type":"t","queue":"q","payload":"%%%","state":"new","created":"2022-02-09T17:28:41Z","tries":1}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(JobTask.self, from: Data(badState.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(JobTask.self, from: Data(badPayload.utf8)) }
    }

    @Test func stateWireValuesAreExact() {
        #expect(TaskState.allCases.map(\.rawValue) == ["new", "active", "retry", "expired", "terminated", "complete", "queue_error", "blocked", "unreachable"])
    }

    @Test func queueJSONUsesNanosecondDurations() throws {
        let queue = Queue(name: "emails", maxConcurrent: 5, maxRunTime: .seconds(90), maxTries: 3)
        let json = String(decoding: try JSONEncoder().encode(queue), as: UTF8.self)
        #expect(json.contains(#""max_runtime":90000000000"#))
        #expect(try JSONDecoder().decode(Queue.self, from: Data(json.utf8)) == queue)
    }

    @Test func defaultQueueSettings() {
        let queue = Queue.defaultQueue
        #expect(queue.name == "DEFAULT")
        #expect(queue.maxRunTime == .seconds(60))
        #expect(queue.maxTries == 100)
        #expect(queue.maxConcurrent == 100)
        #expect(Queue(name: "x").maxRunTime == .seconds(3600))
        #expect(Queue(name: "x").maxTries == -1)
    }
}

@Suite struct TaskViewJSONTests {
    @Test func attemptsFollowTheTask() throws {
        let task = JobTask(id: "a", type: "t", queue: "q", maxTries: 0, state: .retry, created: Timestamp(nanoseconds: 0), tries: 2)
        let attempts = [
            Attempt(n: 1, worker: "w1", started: Timestamp(nanoseconds: 1_000_000_000), ended: Timestamp(nanoseconds: 2_000_000_000),
                    outcome: .timeout, error: "ran \"long\""),
            Attempt(n: 2, worker: "w2", started: Timestamp(nanoseconds: 3_000_000_000)),
        ]
        let json = String(decoding: task.wireJSON(attempts: attempts), as: UTF8.self)
        #expect(json == #"{"id":"a","type":"t","queue":"q","payload":null,"state":"retry","created":"1970-01-01T00:00:00Z","tries":2,"attempts":[{"n":1,"worker":"w1","started":"1970-01-01T00:00:01Z","ended":"1970-01-01T00:00:02Z","outcome":"timeout","error":"ran \"long\""},{"n":2,"worker":"w2","started":"1970-01-01T00:00:03Z","ended":null,"outcome":"running","error":null}]}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((parsed?["attempts"] as? [Any])?.count == 2)
    }
}
