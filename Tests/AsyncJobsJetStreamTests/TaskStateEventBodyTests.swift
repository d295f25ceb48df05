import AsyncJobs
@testable import AsyncJobsJetStream
import Foundation
import Testing

/// The `task_state` event body byte for byte as Go's encoding/json writes asyncjobs' `TaskStateChangeEvent`:
/// field order, omitempty, and Go's string escapes (`<`, `>`, `&`, U+2028 and U+2029 included).
@Suite("task_state event body")
struct TaskStateEventBodyTests {
    static let now = Timestamp(nanoseconds: 1_764_590_400_123_456_789)

    /// The body with its random `event_id` value cut out (checked apart: a 27-character KSUID of `now`'s second).
    static func body(_ task: JobTask) throws -> String {
        let text = String(decoding: TaskStateEventCodec.body(for: task, at: now), as: UTF8.self)
        let prefix = #"{"event_id":""#
        try #require(text.hasPrefix(prefix))
        let id = String(text.dropFirst(prefix.count).prefix(27))
        #expect(KSUID.timestamp(of: id) == Timestamp(nanoseconds: 1_764_590_400_000_000_000))
        return prefix + "ID" + text.dropFirst(prefix.count + 27)
    }

    @Test("every field, in Go's order and escapes")
    func everyField() throws {
        var task = JobTask(id: "t<1>&", type: "email", queue: "q", payload: nil)
        task.created = Self.now - .milliseconds(5)
        task.state = .retry
        task.tries = 1
        task.lastError = "bad \"x\"\\\n\u{1}\u{2028}é"
        #expect(try Self.body(task) == #"{"event_id":"ID","type":"io.choria.asyncjobs.v1.task_state","timestamp":"2025-12-01T12:00:00Z","task_id":"t\u003c1\u003e\u0026","state":"retry","tries":1,"queue":"q","task_type":"email","last_error":"bad \"x\"\\\n\u0001\u2028é","task_age":5000000}"#)
    }

    @Test("empty queue, error and age are left out")
    func omitEmpty() throws {
        var task = JobTask(id: "t1", type: "noop", queue: "", payload: nil)
        task.created = Self.now
        #expect(try Self.body(task) == #"{"event_id":"ID","type":"io.choria.asyncjobs.v1.task_state","timestamp":"2025-12-01T12:00:00Z","task_id":"t1","state":"new","tries":0,"task_type":"noop"}"#)
    }
}
