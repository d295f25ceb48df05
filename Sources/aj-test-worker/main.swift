// aj-test-worker: a worker process for AsyncJobsSQLite's multi-process integration tests.
//
//   aj-test-worker work --store PATH --queue NAME --name WORKER [--sleep-ms N] [--concurrency N]
//       Runs a WorkerPool whose handler sleeps N ms and returns. Prints "ready" once the pool is about to
//       run, and exits 0 once the queue has completed work and has no waiting or active tasks left
//       (checked every 50 ms), so workers may start before the work is enqueued.
//   (--store takes a nats:// URL too: the JetStream store on that server.)
//   aj-test-worker serve --store PATH --queue NAME --name WORKER [--concurrency N] [--sleep-ms N] [--log FILE]
//                        [--lease-ms N]
//       Runs a WorkerPool until the process is killed, for the reliability suite. The handler depends on the
//       task type: "exit" exits the process with status 3 mid-attempt; "throw" throws an error with odd
//       characters; "hang" ignores cancellation and returns 2 s after MaxRunTime; "echo-size" returns the
//       payload's length and FNV-1a hash; anything else sleeps N ms. Each handler run appends
//       "S <task> <pid> <ns>" when it starts and "E <task> <pid> <ns>" when it returns to FILE (O_APPEND,
//       wall-clock nanoseconds), and a sleep cut short by cancellation "C <task> <pid> <ns>", so a test can
//       prove no task ran in two places at once. Failed attempts retry after 100-300 ms. Leases last
//       --lease-ms (default: the pool's default window).
//   aj-test-worker hold-lock --store PATH
//       Takes the store's write lock (BEGIN IMMEDIATE), prints "locked", and holds it until stdin closes.
//
// Exit status: 0 done, 1 failure, 2 bad usage.
import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsSQLite
import CSQLite
import Foundation
import NATS

/// Parsed `--flag value` pairs after the subcommand.
struct Options {
    var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard flag.hasPrefix("--"), let value = rest.popFirst() else { throw UsageError(text: "expected --flag value near \(flag)") }
            values[String(flag.dropFirst(2))] = value
        }
    }

    func required(_ name: String) throws -> String {
        guard let value = values[name] else { throw UsageError(text: "missing --\(name)") }
        return value
    }

    func integer(_ name: String, default fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text) else { throw UsageError(text: "--\(name) needs a whole number, got \(text)") }
        return value
    }
}

struct UsageError: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}

/// The SQLite store at `path`, or the JetStream store when `path` is a `nats://` URL (comma-separated for a
/// cluster), so the reliability suite runs the same workers on both.
func openStore(_ path: String) async throws -> any JobStore {
    guard JetStreamStoreAddress.isServerURL(path) else { return try SQLiteStore(path: path) }
    let options = try JetStreamStoreAddress(source: .url(path)).options(name: "aj-test-worker")
    return try await JetStreamStore.open(client: try await NATSClient.connect(options))
}

/// Runs a pool until its queue has completed work and holds no waiting or active tasks.
func work(_ options: Options) async throws {
    let store = try await openStore(try options.required("store"))
    let queue = try options.required("queue")
    let sleep = Duration.milliseconds(try options.integer("sleep-ms", default: 100))
    var router = Router()
    try router.register("") { _, _ in
        try await Task.sleep(for: sleep)
        return .null
    }
    let pool = WorkerPool(store: store, queue: queue, router: router,
                          concurrency: try options.integer("concurrency", default: 3),
                          workerName: try options.required("name"))
    FileHandle.standardOutput.write(Data("ready\n".utf8))
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await pool.run() }
        group.addTask {
            while true {
                try await Task.sleep(for: .milliseconds(50))
                let summary = try await store.summary(queue: queue)
                let pending = summary.count(.new) + summary.count(.retry) + summary.count(.active)
                if summary.count(.complete) > 0, pending == 0 { break }
            }
            pool.stop()
        }
        try await group.waitForAll()
    }
}

/// Runs a pool with the reliability suite's handlers until the process is killed.
func serve(_ options: Options) async throws {
    let store = try await openStore(try options.required("store"))
    let sleep = Duration.milliseconds(try options.integer("sleep-ms", default: 100))
    let log = try options.values["log"].map(ExecutionLog.init(path:))
    var router = Router()
    try router.register("exit") { task, _ in
        log?.record("S", task.id)
        exit(3)
    }
    try router.register("throw") { task, _ in
        log?.record("S", task.id)
        defer { log?.record("E", task.id) }
        throw OddError()
    }
    try router.register("hang") { task, context in
        log?.record("S", task.id)
        defer { log?.record("E", task.id) }
        // Blocks a thread, not the task: cancellation at MaxRunTime cannot cut it short.
        let seconds = max(0, (context.deadline - Timestamp.now + .seconds(2)) / .seconds(1))
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: seconds)
                continuation.resume()
            }
        }
        return .null
    }
    try router.register("echo-size") { task, _ in
        log?.record("S", task.id)
        defer { log?.record("E", task.id) }
        let payload = task.payload ?? Data()
        let hash = payload.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        return .object(["bytes": .number(Double(payload.count)), "fnv1a": .string(String(hash, radix: 16))])
    }
    try router.register("") { task, _ in
        log?.record("S", task.id)
        do { try await Task.sleep(for: sleep) } catch {
            log?.record("C", task.id)
            throw error
        }
        log?.record("E", task.id)
        return .null
    }
    let lease = try options.values["lease-ms"].map { _ in Duration.milliseconds(try options.integer("lease-ms", default: 0)) }
    let pool = WorkerPool(store: store, queue: try options.required("queue"), router: router,
                          concurrency: try options.integer("concurrency", default: 3),
                          retryPolicy: IntervalRetryPolicy(intervals: [.milliseconds(200)], jitter: 0.5),
                          workerName: try options.required("name"), leaseWindow: lease ?? Claim.defaultLeaseWindow)
    FileHandle.standardOutput.write(Data("ready\n".utf8))
    try await pool.run()
}

/// Holds the write lock of the store at `path` until stdin reaches end of file.
func holdLock(_ options: Options) throws {
    let path = try options.required("store")
    var handle: OpaquePointer?
    guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let handle else {
        throw UsageError(text: "cannot open \(path)")
    }
    defer { sqlite3_close_v2(handle) }
    guard sqlite3_exec(handle, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK else {
        throw UsageError(text: "cannot lock \(path): \(String(cString: sqlite3_errmsg(handle)))")
    }
    FileHandle.standardOutput.write(Data("locked\n".utf8))
    _ = FileHandle.standardInput.readDataToEndOfFile()
    sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
}

let arguments = CommandLine.arguments.dropFirst()
do {
    switch arguments.first {
    case "work": try await work(try Options(arguments.dropFirst()))
    case "serve": try await serve(try Options(arguments.dropFirst()))
    case "hold-lock": try holdLock(try Options(arguments.dropFirst()))
    default: throw UsageError(text: "usage: aj-test-worker work|serve|hold-lock --store PATH ...")
    }
} catch let error as UsageError {
    FileHandle.standardError.write(Data("aj-test-worker: \(error)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("aj-test-worker: \(error)\n".utf8))
    exit(1)
}
