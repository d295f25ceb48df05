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
              let decoded = try? Wire(message.payload),
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

        /// Decodes a body as `JSONDecoder` does: the usual form straight from the bytes (a store reads up to
        /// 20,000 events at open), anything else through `JSONDecoder`.
        init(_ bytes: [UInt8]) throws {
            var scanner = JSONScanner(bytes)
            if let wire = try? Self.scan(&scanner), (try? scanner.expectEnd()) != nil {
                self = wire
            } else {
                self = try Self.decoder.decode(Wire.self, from: Data(bytes))
            }
        }

        private init(type: String, taskID: String, state: String, tries: Int?, queue: String?, taskType: String?,
                     lastError: String?) {
            (self.type, self.taskID, self.state, self.tries) = (type, taskID, state, tries)
            (self.queue, self.taskType, self.lastError) = (queue, taskType, lastError)
        }

        private static let decoder = JSONDecoder()

        private static func scan(_ scanner: inout JSONScanner) throws(JSONScanner.Unusual) -> Wire {
            var type: String?, taskID: String?, state: String?, tries: Int?, queue: String?, taskType: String?
            var lastError: String?
            var seen = Set<String>()
            try scanner.object { (scanner, key) throws(JSONScanner.Unusual) in
                let name = String(decoding: key, as: UTF8.self)
                guard seen.insert(name).inserted else { throw JSONScanner.Unusual() }
                switch name {
                case "type": type = try scanner.string()
                case "task_id": taskID = try scanner.string()
                case "state": state = try scanner.string()
                case "tries": tries = scanner.null() ? nil : Int(try scanner.integer())
                case "queue": queue = scanner.null() ? nil : try scanner.string()
                case "task_type": taskType = scanner.null() ? nil : try scanner.string()
                case "last_error": lastError = scanner.null() ? nil : try scanner.string()
                default: try scanner.skipValue()
                }
            }
            guard let type, let taskID, let state else { throw JSONScanner.Unusual() }
            return Wire(type: type, taskID: taskID, state: state, tries: tries, queue: queue, taskType: taskType,
                        lastError: lastError)
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
