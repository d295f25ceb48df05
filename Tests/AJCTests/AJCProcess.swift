import AsyncJobsTesting
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

    /// The `ajc` binary: in the build products folder (or `$AJC_BINARY`).
    static let binary: URL = {
        do { return URL(fileURLWithPath: try ProductBinary.path("ajc", override: "AJC_BINARY")) }
        catch { fatalError("\(error)") }
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

    /// A running `ajc`.
    typealias Running = SpawnedProcess
}

extension SpawnedProcess {
    /// Waits until it exits (killing it after `timeout`) and returns its result.
    func finish(timeout: Duration = .seconds(60)) async throws -> AJCProcess.Result {
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            Issue.record("ajc \(arguments) did not exit within \(timeout); killed")
            signal(SIGKILL)
        }
        defer { watchdog.cancel() }
        let status = await exitStatus()
        return AJCProcess.Result(status: status, stdout: stdout, stderr: stderr)
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
