import Foundation

/// A task's state change as one JSON object: `ajc task watch --json` prints one per line.
///
/// Shaped after asyncjobs' lifecycle event (`io.choria.asyncjobs.v1.task_state`), with the store's event
/// sequence added so a reader can resume from where it stopped.
public struct TaskStateChangeEvent: Sendable, Hashable, Codable {
    /// The CloudEvents-style type asyncjobs gives task state events.
    public static let eventType = "io.choria.asyncjobs.v1.task_state"

    /// The event's position in the store's log.
    public var sequence: Int64
    /// Always ``eventType``.
    public var type: String
    /// When the change happened.
    public var timestamp: Timestamp
    /// The task.
    public var taskID: String
    /// The task's queue.
    public var queue: String
    /// The task's type.
    public var taskType: String
    /// The state the task entered.
    public var state: TaskState
    /// Its tries so far.
    public var tries: Int
    /// Its last error, when it has one.
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case sequence, type, timestamp
        case taskID = "task_id"
        case queue
        case taskType = "task_type"
        case state, tries
        case lastError = "last_error"
    }

    /// The JSON form of a stored event.
    public init(_ event: TaskEvent) {
        sequence = event.sequence
        type = Self.eventType
        timestamp = event.at
        taskID = event.taskID
        queue = event.queue
        taskType = event.type
        state = event.state
        tries = event.tries
        lastError = event.error.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// One compact line of JSON.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Strings, integers and a timestamp string only: encoding cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
