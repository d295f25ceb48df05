import Foundation
import Logging

/// `--debug` (or `AJC_DEBUG`), asyncjobs' global switch for debug output, accepted anywhere on the line
/// before a `--`: debug lines go to stderr, never to stdout where data goes.
enum DebugMode {
    /// The flag, as asyncjobs spells it.
    static let flag = "--debug"
    /// The environment variable asyncjobs reads it from.
    static let variable = "AJC_DEBUG"

    /// Whether debug output is on: from the command line, else from `AJC_DEBUG`.
    static let isOn: Bool = {
        if arguments(CommandLine.arguments.dropFirst()).given { return true }
        return (try? environmentValue()) ?? false
    }()

    /// `arguments` without the flag (argument-parser would call it unknown), and whether it was there.
    static func arguments(_ arguments: some Collection<String>) -> (remaining: [String], given: Bool) {
        var remaining: [String] = []
        var given = false
        var afterTerminator = false
        for argument in arguments {
            if argument == "--" { afterTerminator = true }
            if argument == flag, !afterTerminator {
                given = true
            } else {
                remaining.append(argument)
            }
        }
        return (remaining, given)
    }

    /// Why `AJC_DEBUG` could not be read.
    struct InvalidValue: Error, CustomStringConvertible {
        var value: String
        var description: String { "\(DebugMode.variable) must be true or false (or 1 or 0), got '\(value)'" }
    }

    /// `AJC_DEBUG` as a boolean, read as Go's `strconv.ParseBool` reads it (asyncjobs' flag library does);
    /// unset or empty is false.
    static func environmentValue(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(InvalidValue) -> Bool {
        guard let value = environment[variable], !value.isEmpty else { return false }
        switch value {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default: throw InvalidValue(value: value)
        }
    }

    /// Writes `message` to stderr as a debug line, when debug output is on.
    static func log(_ message: @autoclosure () -> String) {
        guard isOn else { return }
        FileHandle.standardError.write(Data("ajc: debug: \(message())\n".utf8))
    }

    /// The level of the engine's logs: debug with the switch on, else info.
    static var logLevel: Logger.Level { isOn ? .debug : .info }
}

extension DebugMode {
    /// Sends the library's log lines to stderr at ``logLevel``: what the long-running commands (`task
    /// process`, `task cron scheduler`) do before they start.
    static func bootstrapLogging() {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
