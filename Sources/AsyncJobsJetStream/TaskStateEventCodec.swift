import AsyncJobs
import Foundation
import JetStream
import NATS

/// asyncjobs' lifecycle event `io.choria.asyncjobs.v1.task_state`, byte for byte as Go's encoding/json writes
/// its `TaskStateChangeEvent`: `event_id`, `type`, `timestamp` (the KSUID's second), `task_id`, `state`,
/// `tries`, `queue` (omitempty), `task_type`, `last_error` (omitempty), `task_age` (nanoseconds, omitempty).
enum TaskStateEventCodec {
    static let eventType = TaskStateChangeEvent.eventType

    /// The body of the event for `task` entering its state at `now`, written straight into bytes (every
    /// state change writes one, so it showed in profiles when built from joined strings).
    static func body(for task: JobTask, at now: Timestamp) -> [UInt8] {
        let id = KSUID.make(at: now)
        var out: [UInt8] = []
        out.reserveCapacity(192 + task.id.utf8.count + task.queue.utf8.count + task.type.utf8.count
                            + (task.lastError?.utf8.count ?? 0))
        out.append(contentsOf: #"{"event_id":"#.utf8)
        appendQuoted(id, to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        appendQuoted(eventType, to: &out)
        out.append(contentsOf: #","timestamp":"#.utf8)
        appendQuoted(KSUID.second(of: now).rfc3339, to: &out)
        out.append(contentsOf: #","task_id":"#.utf8)
        appendQuoted(task.id, to: &out)
        out.append(contentsOf: #","state":"#.utf8)
        appendQuoted(task.state.rawValue, to: &out)
        out.append(contentsOf: #","tries":"#.utf8)
        out.append(contentsOf: String(task.tries).utf8)
        if !task.queue.isEmpty {
            out.append(contentsOf: #","queue":"#.utf8)
            appendQuoted(task.queue, to: &out)
        }
        out.append(contentsOf: #","task_type":"#.utf8)
        appendQuoted(task.type, to: &out)
        if let error = task.lastError, !error.isEmpty {
            out.append(contentsOf: #","last_error":"#.utf8)
            appendQuoted(error, to: &out)
        }
        let age = (now - task.created).nanoseconds
        if age != 0 {
            out.append(contentsOf: #","task_age":"#.utf8)
            out.append(contentsOf: String(age).utf8)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The store's event for a stored message on `CHORIA_AJ.E.task_state.<id>`, or nil for other events
    /// (leader elections) and bodies that are not a task state event. The time is the store clock's, from
    /// the header our events carry, else the server's storage time.
    static func event(from message: WatchedMessage) -> TaskEvent? {
        guard message.subject.hasPrefix(StoreLayout.taskStateEventPrefix),
              let decoded = try? JSONDecoder().decode(Wire.self, from: Data(message.payload)),
              decoded.type == eventType, let state = TaskState(name: decoded.state)
        else { return nil }
        let at = message.headers?[StoreLayout.eventTimeHeader].flatMap(Timestamp.init(rfc3339:))
            ?? Timestamp(nanoseconds: message.timestampNanoseconds)
        return TaskEvent(sequence: Int64(message.sequence), at: at, taskID: decoded.taskID, queue: decoded.queue ?? "",
                         type: decoded.taskType ?? "", state: state, tries: decoded.tries ?? 0,
                         error: decoded.lastError.flatMap { $0.isEmpty ? nil : $0 })
    }

    private struct Wire: Decodable {
        var type: String
        var taskID: String
        var state: String
        var tries: Int?
        var queue: String?
        var taskType: String?
        var lastError: String?

        enum CodingKeys: String, CodingKey {
            case type, state, tries, queue
            case taskID = "task_id"
            case taskType = "task_type"
            case lastError = "last_error"
        }
    }

    /// A JSON string literal as Go writes it (`<`, `>` and `&` escaped too).
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as Go's encoding/json writes a string.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        JSONWriter.appendQuoted(text, to: &out, goEscapes: true)
    }
}
