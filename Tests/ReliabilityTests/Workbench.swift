import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting
import Foundation
import Synchronization
import Testing

/// One scenario's private world: a temporary folder with the store file, and every process the scenario
/// started, so that ``cleanUp()`` leaves no stragglers behind whatever the outcome.
final class Workbench: Sendable {
    /// What a finished run (of `ajc` or another program) left behind.
    struct Run: Sendable, CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String { "\(arguments): status \(status)\nstdout: \(stdout.prefix(2000))\nstderr: \(stderr.prefix(2000))" }
    }

    /// The scenario's folder.
    let folder: URL
    /// The store file.
    var store: String { folder.appendingPathComponent("store.sqlite").path }
    /// A JetStream scenario's server URL (comma-separated for a cluster); nil for the SQLite file.
    let natsURL: String?
    /// What every process is told to open (`AJ_STORE`, `--store`): the server's URL or the store file.
    var storeLocation: String { natsURL ?? store }
    /// Where worker handlers record their runs (see ``ExecutionHistory``).
    var executionLog: String { folder.appendingPathComponent("executions.log").path }

    private let processes = Mutex<[SpawnedProcess]>([])

    init(natsURL: String? = nil) throws {
        self.natsURL = natsURL
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("aj-reliability-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Runs `body` with a fresh workbench, cleaned up afterwards whatever happens.
    static func with<T>(natsURL: String? = nil, _ body: (Workbench) async throws -> T) async throws -> T {
        let bench = try Workbench(natsURL: natsURL)
        do {
            let result = try await body(bench)
            await bench.cleanUp()
            return result
        } catch {
            await bench.cleanUp()
            throw error
        }
    }

    /// Kills every process still running and removes the folder.
    func cleanUp() async {
        for process in processes.withLock({ $0 }) where process.status == nil { await process.killHard() }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The last `limit` warning and error lines every process started here wrote to stderr, each prefixed
    /// with its pid: what a failed scenario records, since ``cleanUp()`` removes the files.
    func complaints(limit: Int = 40) -> String {
        let lines = processes.withLock { $0 }.flatMap { process in
            process.stderr.split(separator: "\n").filter { $0.contains("error") || $0.contains("warning") || $0.contains("critical") }
                .map { "[\(process.pid)] \($0)" }
        }
        return lines.suffix(limit).joined(separator: "\n")
    }

    /// A path inside the folder.
    func file(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The environment of every process: the test's own, with the store and HOME private.
    func environment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["AJ_STORE"] = storeLocation
        environment["HOME"] = folder.path
        environment["XDG_DATA_HOME"] = folder.appendingPathComponent("data").path
        environment["NO_COLOR"] = "1"
        return environment
    }

    /// Starts `executable arguments…` in the background.
    func start(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> SpawnedProcess {
        let process = try SpawnedProcess(executable: URL(fileURLWithPath: executable), arguments: arguments,
                                         input: input, environment: environment(),
                                         folder: folder.appendingPathComponent("run-\(UUID().uuidString)"))
        processes.withLock { $0.append(process) }
        return process
    }

    /// Starts an `aj-test-worker serve` process (see its header for the handlers), logging executions.
    /// `lease` is the pool's lease window (the default window when nil).
    func startWorker(queue: String, name: String, concurrency: Int = 3, sleepMilliseconds: Int = 100,
                     lease: Duration? = nil) throws -> SpawnedProcess {
        let leaseArguments = lease.map { ["--lease-ms", "\(Int($0 / .milliseconds(1)))"] } ?? []
        return try start(try ProductBinary.path("aj-test-worker", override: "AJ_TEST_WORKER"),
                         ["serve", "--store", storeLocation, "--queue", queue, "--name", name, "--concurrency", "\(concurrency)",
                          "--sleep-ms", "\(sleepMilliseconds)", "--log", executionLog] + leaseArguments)
    }

    /// Runs `ajc arguments…` to completion (killed after `timeout`); stdin is `input`, or /dev/null.
    func ajc(_ arguments: [String], input: Data? = nil, timeout: Duration = .seconds(60)) async throws -> Run {
        let process = try start(try ProductBinary.path("ajc", override: "AJC_BINARY"), arguments, input: input)
        return try await finish(process, timeout: timeout)
    }

    /// Runs `executable arguments…` to completion with `directory` as its working directory (killed after
    /// `timeout`), for relative paths.
    func run(in directory: String, _ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> Run {
        let process = try start("/bin/sh", ["-c", #"cd "$1" && shift && exec "$@""#, "sh", directory, executable] + arguments)
        var run = try await finish(process, timeout: timeout)
        run.arguments = arguments
        return run
    }

    /// Runs `ajc arguments…` and requires exit status 0.
    @discardableResult
    func ajcOK(_ arguments: String..., input: Data? = nil) async throws -> Run {
        let run = try await ajc(arguments, input: input)
        #expect(run.status == 0, "\(run)")
        return run
    }

    /// Waits for `process` to exit, killing it (and failing the test) after `timeout`.
    func finish(_ process: SpawnedProcess, timeout: Duration) async throws -> Run {
        guard let status = await process.exitStatus(within: timeout) else {
            await process.killHard()
            Issue.record("\(process.arguments) did not exit within \(timeout); killed")
            throw CancellationError()
        }
        return Run(arguments: process.arguments, status: status, stdout: process.stdout, stderr: process.stderr)
    }

    /// Runs the `sqlite3` shell on the store file (or `path`); its output.
    func sqlite3(_ sql: String, path: String? = nil) async throws -> String {
        let process = try start(Self.sqlite3Shell, [path ?? store], input: Data(sql.utf8))
        let run = try await finish(process, timeout: .seconds(60))
        guard run.status == 0 else { throw Failure(description: "sqlite3 failed: \(run)") }
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `PRAGMA integrity_check` of the store file, as the `sqlite3` shell reports it (`ok` when sound).
    func integrityCheck() async throws -> String { try await sqlite3("PRAGMA integrity_check;") }

    /// The `sqlite3` shell, which the corrupt-file, lock and integrity checks use as an outside program.
    static let sqlite3Shell = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/sqlite3"
    /// Whether the `sqlite3` shell is installed.
    static let hasSQLite3Shell = FileManager.default.isExecutableFile(atPath: sqlite3Shell)

    /// Whether the dashboard's binary is there to test (it comes with issue 5's `ajtop` target).
    static let ajtopIsBuilt = (try? ProductBinary.path("ajtop", override: "AJTOP_BINARY")) != nil

    /// A failure of the workbench itself.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Everything a command could change (queues, tasks, attempts, the event sequence), read through the
    /// store, to show that a failed command changed nothing.
    static func dump(_ store: SQLiteStore) async throws -> String {
        var text = "\(try await store.queues())\n"
        for task in try await store.tasks(TaskFilter(limit: 100_000)) {
            text += "\(task)\n\(try await store.attempts(taskID: task.id))\n"
        }
        text += "events \(try await store.latestEventSequence())\n"
        return text
    }

    /// Opens the store in the test process (to enqueue and to read what the processes did).
    func openStore() throws -> SQLiteStore { try SQLiteStore(path: store) }
}
