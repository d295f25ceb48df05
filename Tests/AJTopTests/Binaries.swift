import AsyncJobsTesting
import Foundation

/// The package's built executables, found by the shared `ProductBinary` lookup.
enum Binaries {
    /// The path of executable `name`; `AJC_BINARY`, `AJTOP_BINARY`, … override it.
    static func path(_ name: String) throws -> String {
        try ProductBinary.path(name, override: name.uppercased().replacingOccurrences(of: "-", with: "_") + "_BINARY")
    }

    /// Runs `name` with `arguments`; returns exit status, stdout and stderr.
    static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(name))
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self),
                String(decoding: errorData, as: UTF8.self))
    }
}
