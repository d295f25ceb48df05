import Foundation
import Testing

/// Runs the built `ajc` binary against a private temporary store, the way a user's shell would.
///
/// Every instance has its own folder (store, HOME, XDG_DATA_HOME), so tests run in parallel and never touch
/// the real home directory.
struct AJCProcess: Sendable {
    /// What a finished run left behind.
    struct Result: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String { "status \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

        /// Stdout parsed as JSON.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed]) }
    }

    /// The test's private folder.
    let folder: URL
    /// The store file every run uses (through AJ_STORE) unless a test says otherwise.
    var storePath: String { folder.appendingPathComponent("store.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ajc-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Removes the folder.
    func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    /// The `ajc` binary: next to the test bundle in the build products folder (or `$AJC_BINARY`).
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["AJC_BINARY"] { return URL(fileURLWithPath: path) }
        var candidates = [Bundle.main.bundleURL, Bundle.main.executableURL?.deletingLastPathComponent()]
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for bundle in Bundle.allBundles { candidates.append(bundle.bundleURL.deletingLastPathComponent()) }
        for case var folder? in candidates {
            // The test bundle may sit inside the products folder (`X.xctest/...`); walk up to find `ajc`.
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent("ajc")
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue,
                   FileManager.default.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                folder.deleteLastPathComponent()
            }
        }
        fatalError("cannot find the ajc binary next to the test bundle; build it or set AJC_BINARY")
    }()

    /// The environment of every run: the test's own, with the store, HOME and XDG_DATA_HOME private.
    func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["AJ_STORE"] = storePath
        environment["HOME"] = folder.path
        environment["XDG_DATA_HOME"] = folder.appendingPathComponent("data").path
        environment["NO_COLOR"] = "1"
        // An empty value removes the variable, so tests can check the defaults.
        for (key, value) in extra { environment[key] = value.isEmpty ? nil : value }
        return environment
    }

    /// Runs `ajc arguments…` to completion; stdin is `input`, or /dev/null (not a terminal) when nil.
    @discardableResult
    func run(_ arguments: [String], input: Data? = nil, environment extra: [String: String] = [:]) async throws -> Result {
        let process = try start(arguments, input: input, environment: extra)
        return try await process.finish()
    }

    /// Convenience: `run` with the arguments as a variadic list.
    @discardableResult
    func callAsFunction(_ arguments: String..., input: String? = nil) async throws -> Result {
        try await run(arguments, input: input.map { Data($0.utf8) })
    }

    /// Runs `ajc arguments…` and requires exit status 0; returns stdout.
    @discardableResult
    func ok(_ arguments: String..., input: String? = nil) async throws -> String {
        let result = try await run(arguments, input: input.map { Data($0.utf8) })
        #expect(result.status == 0, "ajc \(arguments.joined(separator: " ")): \(result)")
        return result.stdout
    }

    /// Everything in the store as JSON text (queues, then tasks with their attempts), to show that a
    /// refused or failed command changed nothing.
    func dump() async throws -> String {
        var text = try await ok("queue", "ls", "--json")
        let tasks = try await ok("task", "ls", "--json", "--limit", "1000000")
        text += tasks
        let list = try JSONSerialization.jsonObject(with: Data(tasks.utf8)) as? [[String: Any]] ?? []
        for task in list {
            text += try await ok("task", "view", "--json", task["id"] as? String ?? "")
        }
        return text
    }

    /// The task's wire object (plus attempts) as a dictionary.
    func task(_ id: String) async throws -> [String: Any] {
        let text = try await ok("task", "view", id, "--json")
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    /// Polls the task until `condition` holds, failing the test after `timeout`.
    @discardableResult
    func waitForTask(_ id: String, _ what: String, timeout: Duration = .seconds(30),
                     _ condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let task = try await task(id)
            if condition(task) { return task }
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for task \(id) to be \(what): \(task)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Starts `ajc arguments…` in the background.
    func start(_ arguments: [String], input: Data? = nil, environment extra: [String: String] = [:]) throws -> Running {
        try Running(arguments: arguments, input: input, environment: environment(extra),
                    folder: folder.appendingPathComponent("run-\(UUID().uuidString)"))
    }

    /// A running `ajc`, its output going to files so it never blocks on a full pipe.
    final class Running: Sendable {
        let process: Process
        let stdoutFile: URL
        let stderrFile: URL
        private let exited: AsyncStream<Int32>

        init(arguments: [String], input: Data?, environment: [String: String], folder: URL) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            stdoutFile = folder.appendingPathComponent("stdout")
            stderrFile = folder.appendingPathComponent("stderr")
            _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
            process = Process()
            process.executableURL = AJCProcess.binary
            process.arguments = arguments
            process.environment = environment
            process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
            process.standardError = try FileHandle(forWritingTo: stderrFile)
            let inputFile = folder.appendingPathComponent("stdin")
            _ = FileManager.default.createFile(atPath: inputFile.path, contents: input ?? Data())
            process.standardInput = input == nil ? FileHandle(forReadingAtPath: "/dev/null") : try FileHandle(forReadingFrom: inputFile)
            let (stream, continuation) = AsyncStream<Int32>.makeStream()
            exited = stream
            process.terminationHandler = { continuation.yield($0.terminationStatus); continuation.finish() }
            try process.run()
        }

        /// What it has written to stdout so far.
        var stdout: String { (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" }
        /// What it has written to stderr so far.
        var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

        /// Sends `signal` (e.g. SIGINT for Ctrl-C).
        func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits until it exits (killing it after `timeout`) and returns its result.
        func finish(timeout: Duration = .seconds(60)) async throws -> Result {
            let watchdog = Task {
                try await Task.sleep(for: timeout)
                Issue.record("ajc \(process.arguments ?? []) did not exit within \(timeout); killed")
                kill(process.processIdentifier, SIGKILL)
            }
            defer { watchdog.cancel() }
            var status: Int32 = -1
            for await code in exited { status = code }
            return Result(status: status, stdout: stdout, stderr: stderr)
        }

        /// Waits until `condition` holds for its (stdout, stderr), failing the test after `timeout`.
        func waitFor(_ what: String, timeout: Duration = .seconds(30),
                     _ condition: (String, String) -> Bool) async throws {
            let deadline = ContinuousClock.now + timeout
            while !condition(stdout, stderr) {
                guard ContinuousClock.now < deadline else {
                    Issue.record("timed out waiting for \(what)\nstdout: \(stdout)\nstderr: \(stderr)")
                    throw CancellationError()
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}
