import Foundation
import Synchronization

/// `scripts/asyncjobs_emulator`, the nats-py stand-in for Go asyncjobs, run as a subprocess against one server:
/// provisioning, enqueueing and short commands wait for their output; `startWorker` runs a worker process
/// whose JSON-line log the test reads while it runs.
public struct AsyncJobsEmulator: Sendable {
    /// The server (or comma-separated cluster URLs) every command connects to.
    public let serverURL: String

    public init(serverURL: String) {
        self.serverURL = serverURL
    }

    /// The emulator package in this repository, found from this file's place in it.
    public static let scriptPath: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/asyncjobs_emulator").path

    /// Whether `python3` here can run the emulator (nats-py installed). CI must have it, so there the tests
    /// run and fail instead of skipping, as for a missing nats-server.
    ///
    /// Asked once and awaited: python's start takes a second on a loaded machine, and a test blocking a
    /// concurrency-pool thread in `waitUntilExit` for it held one of the two threads every test shares.
    public static var isInstalled: Bool {
        get async { await installation.value }
    }

    private static let installation = Task<Bool, Never> {
        await withCheckedContinuation { continuation in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", "import nats"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus == 0) }
            // A process that did not start never calls its termination handler.
            if (try? process.run()) == nil { continuation.resume(returning: false) }
        }
    }

    /// True when the emulator's tests should run: it is installed, or this is CI (which must have it).
    public static var shouldRun: Bool {
        get async { await isInstalled || NATSServerBinary.isCI }
    }

    /// Runs one command to its end and returns its stdout; a non-zero exit throws with its stderr.
    @discardableResult
    public func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> String {
        let worker = try EmulatorProcess(arguments: ["--server", serverURL] + arguments)
        let status = try await worker.waitForExit(timeout: timeout)
        guard status == 0 else {
            throw EmulatorError.failed(arguments.joined(separator: " "), status, worker.standardError)
        }
        return worker.standardOutput
    }

    /// Runs the emulator's golden-record self-test (no server needed) and returns its report.
    public static func selfTest() async throws -> String {
        try await AsyncJobsEmulator(serverURL: "nats://127.0.0.1:1").run(["selftest"])
    }

    /// `NewClient` + `WorkQueue`: the tasks stream, KV buckets, the queue's stream and `WORKERS`.
    public func provision(queue: String, maxConcurrent: Int? = nil, maxRunTime: String? = nil, maxTries: Int? = nil,
                          replicas: Int = 1) async throws {
        var arguments = ["provision", "--queue", queue, "--replicas", String(replicas)]
        if let maxConcurrent { arguments += ["--max-concurrent", String(maxConcurrent)] }
        if let maxRunTime { arguments += ["--max-runtime", maxRunTime] }
        if let maxTries { arguments += ["--max-tries", String(maxTries)] }
        try await run(arguments)
    }

    /// `EnqueueTask` `count` times; returns the new task IDs in enqueue order.
    public func enqueue(queue: String, type: String, payload: String? = nil, count: Int = 1,
                        extra: [String] = []) async throws -> [String] {
        var arguments = ["enqueue", "--queue", queue, "--type", type, "--count", String(count)] + extra
        if let payload { arguments += ["--payload", payload] }
        return try await run(arguments).split(separator: "\n").map(String.init)
    }

    /// Starts a worker process (`work --queue Q …`); stop it with `kill()` or let `--exit-after` end it.
    public func startWorker(queue: String, _ options: [String]) throws -> EmulatorProcess {
        try EmulatorProcess(arguments: ["--server", serverURL, "work", "--queue", queue] + options)
    }
}

/// One running emulator process, its stdout kept line by line as it arrives.
public final class EmulatorProcess: Sendable {
    private let process: Process
    private let output = CapturedOutput()

    init(arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", AsyncJobsEmulator.scriptPath] + arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        stdout.fileHandleForReading.readabilityHandler = { [output] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            output.text.withLock { $0.stdout += text }
        }
        stderr.fileHandleForReading.readabilityHandler = { [output] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            output.text.withLock { $0.stderr += text }
        }
        try process.run()
    }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var standardOutput: String { output.text.withLock { $0.stdout } }
    public var standardError: String { output.text.withLock { $0.stderr } }

    /// The worker's log lines decoded (`{"event":"handler_start","id":…,"tries":…}` and so on).
    public var events: [[String: any Sendable]] {
        standardOutput.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: any Sendable]
        }
    }

    /// Log events named `name` (for example `handler_start`), optionally only those of one task.
    public func events(named name: String, task: String? = nil) -> [[String: any Sendable]] {
        events.filter { $0["event"] as? String == name && (task == nil || $0["id"] as? String == task) }
    }

    /// Waits until `condition` holds over the log, failing after `timeout` with what the process wrote.
    public func waitUntil(_ what: String, timeout: Duration = .seconds(20),
                          _ condition: (EmulatorProcess) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            guard ContinuousClock.now < deadline else {
                throw EmulatorError.timedOut(what, String(standardOutput.suffix(2000)) + String(standardError.suffix(2000)))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits for the process to end and returns its exit status.
    public func waitForExit(timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill()
                throw EmulatorError.timedOut("the emulator to exit", String(standardError.suffix(2000)))
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        process.waitUntilExit()
        // The readability handlers may still hold the last bytes: drain what is left in the pipes.
        for pipe in [process.standardOutput, process.standardError].compactMap({ $0 as? Pipe }) {
            pipe.fileHandleForReading.readabilityHandler = nil
            let rest = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            output.text.withLock { pipe === process.standardOutput as? Pipe ? ($0.stdout += rest) : ($0.stderr += rest) }
        }
        return process.terminationStatus
    }

    /// SIGKILL, as a crash: the worker gets no chance to write or ack anything.
    public func kill() {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}

/// What a process wrote so far, shared with the pipes' readability handlers.
private final class CapturedOutput: Sendable {
    let text = Mutex<(stdout: String, stderr: String)>(("", ""))
}

/// Why an emulator command did not give what the test needed.
public enum EmulatorError: Error, CustomStringConvertible {
    case failed(String, Int32, String)
    case timedOut(String, String)

    public var description: String {
        switch self {
        case .failed(let command, let status, let stderr): "asyncjobs_emulator \(command) exited \(status): \(stderr)"
        case .timedOut(let what, let output): "timed out waiting for \(what); output: \(output)"
        }
    }
}
