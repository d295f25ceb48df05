import ArgumentParser
import Foundation

/// What `task process` runs: TYPE, QUEUE, CONCURRENCY and COMMAND, each from the command line or, as
/// asyncjobs' `ajc` allows, from `AJC_TYPE`, `AJC_QUEUE`, `AJC_CONCURRENCY` and `AJC_COMMAND`.
struct TaskProcessSettings {
    var type: String
    var queue: String
    var concurrency: Int
    var command: String

    /// The four as a tuple, for destructuring.
    var values: (type: String, queue: String, concurrency: Int, command: String) { (type, queue, concurrency, command) }

    /// Fills every argument not given from its environment variable; bad usage when one is in neither
    /// place, or `AJC_CONCURRENCY` is not a number.
    init(type: String?, queue: String?, concurrency: Int?, command: String?,
         environment: [String: String] = ProcessInfo.processInfo.environment) throws(ValidationError) {
        func value(_ given: String?, _ name: String, _ variable: String) throws(ValidationError) -> String {
            if let given { return given }
            guard let value = environment[variable] else {
                throw ValidationError("Missing expected argument '<\(name)>' (or set \(variable))")
            }
            return value
        }
        self.type = try value(type, "type", "AJC_TYPE")
        self.queue = try value(queue, "queue", "AJC_QUEUE")
        if let concurrency {
            self.concurrency = concurrency
        } else {
            let text = try value(nil, "concurrency", "AJC_CONCURRENCY")
            guard let number = Int(text) else {
                throw ValidationError("AJC_CONCURRENCY must be a number, got '\(text)'")
            }
            self.concurrency = number
        }
        self.command = try value(command, "command", "AJC_COMMAND")
    }
}
