import Foundation

/// The `aj-test-worker` executable run as a separate OS process, for multi-process tests.
final class TestWorkerProcess {
    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    /// Where `swift build` put `aj-test-worker`: next to the test runner binary (found via
    /// `/proc/self/exe` or `argv[0]`, walking up out of an `.xctest` bundle on macOS), or `AJ_TEST_WORKER`.
    static func executable() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["AJ_TEST_WORKER"], !explicit.isEmpty { return explicit }
        var starts = [URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL]
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.insert(URL(fileURLWithPath: exe), at: 0)
        }
        for start in starts {
            var directory = start.deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("aj-test-worker").path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw LaunchError(description: "aj-test-worker not found near \(starts.map(\.path)); run `swift build` first or set AJ_TEST_WORKER")
    }

    let process = Process()
    let log: String
    private let input = Pipe()
    private let output = Pipe()

    /// Starts `aj-test-worker arguments…`, its stderr going to `log`.
    init(_ arguments: [String], log: String) throws {
        self.log = log
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.executableURL = URL(fileURLWithPath: try Self.executable())
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Reads stdout until a line equal to `line` arrives; false if the process closes it first. Reads on a
    /// dispatch thread, not the cooperative pool.
    func waitForLine(_ line: String) async -> Bool {
        let reader = output.fileHandleForReading
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                while true {
                    let chunk = reader.availableData
                    if chunk.isEmpty { return continuation.resume(returning: false) }
                    buffer += chunk
                    if String(decoding: buffer, as: UTF8.self).split(separator: "\n").contains(Substring(line)) {
                        return continuation.resume(returning: true)
                    }
                }
            }
        }
    }

    /// Closes the process's stdin (what `hold-lock` waits for).
    func closeInput() { try? input.fileHandleForWriting.close() }

    /// Kills the process at once, as a crash or `kill -9` would.
    func killHard() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for the process to exit for up to `timeout`; returns its exit status, or nil on timeout.
    func waitForExit(timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// The tail of the worker's stderr, for failure messages.
    var logTail: String {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}
