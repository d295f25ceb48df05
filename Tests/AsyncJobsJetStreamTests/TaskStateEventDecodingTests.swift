import AsyncJobs
import JetStream
import Testing

@testable import AsyncJobsJetStream

/// asyncjobs' task_state events read back as written, through the scanner and through JSONDecoder alike.
@Suite("Task state event decoding")
struct TaskStateEventDecodingTests {
    static func message(_ body: String) -> WatchedMessage {
        WatchedMessage(subject: StoreLayout.taskStateEventSubject("3MrTVF5QTSKoSCcRK3UczoY4bMQ"), sequence: 7, headers: nil,
                       payload: Array(body.utf8), timestampNanoseconds: 1_764_571_708_000_000_000, pending: 0)
    }

    @Test
    func eventsWrittenReadBack() throws {
        let task = JobTask(id: "3MrTVF5QTSKoSCcRK3UczoY4bMQ", type: "email:fail", queue: "EMAIL", state: .retry,
                           created: Timestamp(nanoseconds: 1_764_571_700_000_000_000), tries: 2, lastError: "a <b> & \"c\"\n")
        let body = TaskStateEventCodec.body(for: task, at: Timestamp(nanoseconds: 1_764_571_708_000_000_000))
        let event = try #require(TaskStateEventCodec.event(from: Self.message(String(decoding: body, as: UTF8.self))))
        #expect(event.taskID == task.id)
        #expect(event.queue == "EMAIL")
        #expect(event.type == "email:fail")
        #expect(event.state == .retry)
        #expect(event.tries == 2)
        #expect(event.error == "a <b> & \"c\"\n")
        #expect(event.sequence == 7)
    }

    /// Forms the scanner leaves to JSONDecoder still decode, and bodies that are no event do not.
    @Test
    func unusualBodies() {
        let spaced = #"{ "type" : "io.choria.asyncjobs.v1.task_state", "task_id":"a", "state":"completed", "tries":null, "extra":[1,{"x":null}] }"#
        #expect(TaskStateEventCodec.event(from: Self.message(spaced))?.state == .complete)
        let repeated = #"{"type":"io.choria.asyncjobs.v1.task_state","task_id":"a","task_id":"b","state":"new"}"#
        _ = TaskStateEventCodec.event(from: Self.message(repeated))
        #expect(TaskStateEventCodec.event(from: Self.message(#"{"type":"io.choria.asyncjobs.v1.task_state","state":"new"}"#)) == nil)
        #expect(TaskStateEventCodec.event(from: Self.message(#"{"type":"other","task_id":"a","state":"new"}"#)) == nil)
        #expect(TaskStateEventCodec.event(from: Self.message("not json")) == nil)
    }
}
