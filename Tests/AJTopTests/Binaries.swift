import AsyncJobsTesting
import Foundation

/// The package's built executables, found by the shared `ProductBinary` lookup.
enum Binaries {
    /// The path of executable `name`; `AJC_BINARY`, `AJTOP_BINARY`, … override it.
    static func path(_ name: String) throws -> String {
        try ProductBinary.path(name, override: name.uppercased().replacingOccurrences(of: "-", with: "_") + "_BINARY")
    }

    /// Runs `name` with `arguments` to its end; returns exit status, stdout and stderr. Awaits the child
    /// instead of blocking in `waitUntilExit`: a test holding one of the few cooperative threads for a
    /// child's whole run stalled every other test of the process on 2 cores.
    static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> (status: Int32, output: String, error: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ajtop-binaries-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = try SpawnedProcess(executable: URL(fileURLWithPath: try path(name)), arguments: arguments, input: nil,
                                         environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                                         folder: folder)
        let status = await process.exitStatus()
        return (status, process.stdout, process.stderr)
    }
}
