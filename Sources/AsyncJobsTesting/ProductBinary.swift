import Foundation

/// Finds an executable this package builds (`ajc`, `aj-test-worker`, `ajtop`) for tests that run it as a
/// real process.
public enum ProductBinary {
    /// Why a product could not be found.
    public struct NotFound: Error, CustomStringConvertible {
        /// What was looked for and where.
        public var description: String
    }

    /// The path of the built product `name`: `$override` when that environment variable is set, else the
    /// build products folder holding the test runner (found via `/proc/self/exe`, `argv[0]` or the loaded
    /// bundles, walking up out of an `.xctest` bundle on macOS).
    public static func path(_ name: String, override: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment[override], !explicit.isEmpty { return explicit }
        var starts = [URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent()]
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.insert(URL(fileURLWithPath: exe).deletingLastPathComponent(), at: 0)
        }
        starts += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        for start in starts {
            var folder = start
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent(name).path
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue,
                   FileManager.default.isExecutableFile(atPath: candidate) {
                    return candidate
                }
                folder.deleteLastPathComponent()
            }
        }
        throw NotFound(description: "\(name) not found near \(starts.map(\.path)); run `swift build` first or set \(override)")
    }
}
