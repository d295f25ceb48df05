import ArgumentParser
import AsyncJobs
import Foundation

/// How `ajc` reports failures: one line on stderr, and an exit status per kind of failure (1 a failed
/// operation, 2 bad usage), as `ajc --help` documents.
enum Diagnostics {
    /// Exit status of a failed operation.
    static let operationFailed: Int32 = 1
    /// Exit status of bad usage.
    static let badUsage: Int32 = 2

    /// Reports bad usage as one line (argument-parser's message without its help and usage lines) and
    /// exits 2.
    static func fail(usage message: String) -> Never {
        let lines = message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .prefix { !$0.hasPrefix("Help:") && !$0.hasPrefix("Usage:") }
            .filter { !$0.isEmpty }
        let text = lines.isEmpty ? "invalid usage" : lines.joined(separator: " ")
        printError("\(text) (see --help)")
        exit(badUsage)
    }

    /// Reports a failed operation and exits 1.
    static func fail(_ error: any Error) -> Never {
        printError(line(for: error))
        DebugMode.log("the error was a \(type(of: error)): \(String(reflecting: error))")
        exit(operationFailed)
    }

    /// Writes `message` to stderr, prefixed with the tool's name.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("ajc: \(message)\n".utf8))
    }

    /// Writes a progress note to stderr, where it does not mix with data on stdout.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// One line saying what went wrong and, where it helps, what to do.
    static func line(for error: any Error) -> String {
        let text = switch error {
        case let error as JobError: describe(error)
        case let error as any CustomStringConvertible: error.description
        default: error.localizedDescription
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private static func describe(_ error: JobError) -> String {
        switch error {
        case .queueNotFound(let name):
            "\(error); list queues with 'ajc queue ls' or create it with 'ajc queue add \(name)'"
        case .taskNotFound:
            "\(error); list tasks with 'ajc task ls'"
        case .invalidState(_, .active, "retry"):
            "\(error); terminate it first with 'ajc task terminate'"
        case .queueFull:
            "\(error); raise it with 'ajc queue configure --entries N' or wait for workers"
        default:
            error.description
        }
    }
}
