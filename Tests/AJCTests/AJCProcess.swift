@testable import AsyncJobs
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
        try await Self.slots.withSlot {
            let process = try start(arguments, input: input, environment: extra)
            return try await process.finish()
        }
    }

    /// Short runs share a few slots; background processes (watch, process) do not take one.
    static let slots = ProcessSlots(3)

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
        // Decoded natively: strings that came out of JSONSerialization crashed Process.run() when passed as
        // arguments (an over-read in Foundation's memcpy).
        struct Identified: Decodable { var id: String }
        for task in try JSONDecoder().decode([Identified].self, from: Data(tasks.utf8)) {
            text += try await ok("task", "view", "--json", task.id)
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
        var task: [String: Any] = [:]
        try await Self.poll("task \(id) to be \(what)", timeout: timeout, every: .milliseconds(100)) {
            task = try await self.task(id)
            return condition(task) ? nil : "\(task)"
        }
        return task
    }

    /// Checks until `check` returns nil (done); after `timeout` fails the test with the last thing `check`
    /// reported.
    static func poll(_ what: String, timeout: Duration, every interval: Duration,
                     _ check: () async throws -> String?) async throws {
        let deadline = ContinuousClock.now + timeout
        while let state = try await check() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what): \(state)")
                throw CancellationError()
            }
            try await Task.sleep(for: interval)
        }
    }

    /// Starts `ajc arguments…` in the background.
    func start(_ arguments: [String], input: Data? = nil, environment extra: [String: String] = [:],
               executable: URL = AJCProcess.binary) throws -> Running {
        try Running(executable: executable, arguments: arguments, input: input, environment: environment(extra),
                    folder: folder.appendingPathComponent("run-\(UUID().uuidString)"))
    }

    /// A running `ajc`, its output going to files so it never blocks on a full pipe.
    ///
    /// Started with `posix_spawn`, the files opened by the child itself: Foundation's `Process.run()` crashed
    /// (an over-read in memcpy) under the many parallel launches of this suite, and keeping no descriptors
    /// open in the test process leaves nothing to leak.
    final class Running: Sendable {
        let pid: pid_t
        let arguments: [String]
        let stdoutFile: URL
        let stderrFile: URL
        private let exited: AsyncStream<Int32>

        init(executable: URL = AJCProcess.binary, arguments: [String], input: Data?, environment: [String: String],
             folder: URL) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            self.arguments = arguments
            stdoutFile = folder.appendingPathComponent("stdout")
            stderrFile = folder.appendingPathComponent("stderr")
            let inputFile = folder.appendingPathComponent("stdin")
            try (input ?? Data()).write(to: inputFile)

            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, input == nil ? "/dev/null" : inputFile.path, O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, stdoutFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_addopen(&actions, 2, stderrFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            // Other suites' pipes must not leak into ajc (a leaked write end keeps their readers from EOF).
            InheritedDescriptors.closeAll(in: &actions)
            let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { for pointer in argv + envp { free(pointer) } }
            var child: pid_t = 0
            let result = posix_spawn(&child, executable.path, &actions, nil, argv, envp)
            guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
            let pid = child
            self.pid = pid
            let (stream, continuation) = AsyncStream<Int32>.makeStream()
            exited = stream
            // waitpid blocks: a thread of its own, not one of the test runner's.
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                // Exit status, or 128 + signal as a shell reports a killed command.
                continuation.yield(status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
                continuation.finish()
            }
        }

        /// What it has written to stdout so far.
        var stdout: String { (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" }
        /// What it has written to stderr so far.
        var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

        /// Sends `signal` (e.g. SIGINT for Ctrl-C).
        func signal(_ signal: Int32) { kill(pid, signal) }

        /// Waits until it exits (killing it after `timeout`) and returns its result.
        func finish(timeout: Duration = .seconds(60)) async throws -> Result {
            let watchdog = Task {
                try await Task.sleep(for: timeout)
                Issue.record("ajc \(arguments) did not exit within \(timeout); killed")
                kill(pid, SIGKILL)
            }
            defer { watchdog.cancel() }
            var status: Int32 = -1
            for await code in exited { status = code }
            return Result(status: status, stdout: stdout, stderr: stderr)
        }

        /// Waits until `condition` holds for its (stdout, stderr), failing the test after `timeout`.
        func waitFor(_ what: String, timeout: Duration = .seconds(30),
                     _ condition: (String, String) -> Bool) async throws {
            try await AJCProcess.poll(what, timeout: timeout, every: .milliseconds(50)) {
                let (out, err) = (stdout, stderr)
                return condition(out, err) ? nil : "stdout: \(out)\nstderr: \(err)"
            }
        }
    }
}
