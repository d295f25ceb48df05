// aj-test-worker: a worker process for AsyncJobsSQLite's multi-process integration tests.
//
//   aj-test-worker work --store PATH --queue NAME --name WORKER [--sleep-ms N] [--concurrency N]
//       Runs a WorkerPool whose handler sleeps N ms and returns. Prints "ready" once the pool is about to
//       run, and exits 0 once the queue has completed work and has no waiting or active tasks left
//       (checked every 50 ms), so workers may start before the work is enqueued.
//   aj-test-worker hold-lock --store PATH
//       Takes the store's write lock (BEGIN IMMEDIATE), prints "locked", and holds it until stdin closes.
//
// Exit status: 0 done, 1 failure, 2 bad usage.
import AsyncJobs
import AsyncJobsSQLite
import CSQLite
import Foundation

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

/// Runs a pool until its queue has completed work and holds no waiting or active tasks.
func work(_ options: Options) async throws {
    let store = try SQLiteStore(path: try options.required("store"))
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
    case "hold-lock": try holdLock(try Options(arguments.dropFirst()))
    default: throw UsageError(text: "usage: aj-test-worker work|hold-lock --store PATH ...")
    }
} catch let error as UsageError {
    FileHandle.standardError.write(Data("aj-test-worker: \(error)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("aj-test-worker: \(error)\n".utf8))
    exit(1)
}
