// aj-store-bench: builds a store with a million tasks and prints the median time of the operations a
// dashboard and a worker pool repeat all day, checking each against its 5 ms budget; then the store's
// claim + complete throughput without a pool, for reference.
//
//   swift run -c release aj-store-bench [--tasks N] [--samples N] [--path FILE] [--keep]
//
// Exit status 0 when every median is within budget, 1 when one is not, 2 on bad usage.
import AsyncJobs
import AsyncJobsSQLite
import Foundation

struct BenchOptions {
    var tasks = 1_000_000
    var samples = 300
    var path: String?
    var keep = false

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--tasks": tasks = try Self.number(rest.popFirst(), flag)
            case "--samples": samples = try Self.number(rest.popFirst(), flag)
            case "--path": path = rest.popFirst()
            case "--keep": keep = true
            default: throw BenchUsage(text: "unknown flag \(flag); use --tasks N --samples N --path FILE --keep")
            }
        }
    }

    static func number(_ text: String?, _ flag: String) throws -> Int {
        guard let text, let value = Int(text), value > 0 else { throw BenchUsage(text: "\(flag) needs a positive number") }
        return value
    }
}

struct BenchUsage: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}

/// The median of `samples` runs of `body`, in milliseconds.
func medianMilliseconds(samples: Int, _ body: () async throws -> Void) async throws -> Double {
    var times: [Double] = []
    for _ in 0..<samples {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    times.sort()
    return times[times.count / 2]
}

func format(_ milliseconds: Double) -> String { String(format: "%8.3f ms", milliseconds) }

func run(_ options: BenchOptions) async throws -> Bool {
    let path = options.path ?? FileManager.default.temporaryDirectory.path + "/aj-store-bench-\(getpid()).sqlite"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    defer {
        if !options.keep { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    }
    let store = try SQLiteStore(path: path)
    // Two queues so per-queue reads must skip the other's rows; the measured one holds 90% of the tasks.
    try await store.createQueue(Queue(name: "bench", maxConcurrent: 10_000, maxRunTime: .seconds(3600)))
    try await store.createQueue(Queue(name: "other", maxConcurrent: 10_000, maxRunTime: .seconds(3600)))
    let other = options.tasks / 10
    let benchCount = options.tasks - other
    let created = Timestamp.now
    let tasks = (0..<options.tasks).map { index in
        JobTask(id: String(format: "task%08d", index), type: index % 3 == 0 ? "email:new" : "report",
                queue: index < benchCount ? "bench" : "other", payload: Data(#"{"n":\#(index)}"#.utf8),
                created: created + .nanoseconds(Int64(index)))
    }
    var start = ContinuousClock.now
    try await store.enqueue(tasks)
    let enqueueTime = ContinuousClock.now - start
    print("built \(options.tasks) tasks in one transaction in \(enqueueTime) "
          + "(\(Int(Double(options.tasks) / enqueueTime.seconds)) tasks/s) at \(path)")

    // Give the queue a realistic mix of states: some complete, some failed and waiting to retry.
    start = ContinuousClock.now
    let mixed = min(20_000, benchCount / 2)
    var finished = 0
    while finished < mixed {
        let claims = try await store.claim(queue: "bench", upTo: min(1000, mixed - finished), worker: "setup")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, claim) in claims.enumerated() {
                group.addTask {
                    let resolution: Resolution = index % 4 == 0
                        ? .retry(at: .now + .seconds(600), outcome: .failed, error: "smtp down")
                        : .complete(result: ["ok": true])
                    try await store.resolve(claim, resolution)
                }
            }
            try await group.waitForAll()
        }
        finished += claims.count
    }
    print("completed or failed \(mixed) of them through claim/resolve in \(ContinuousClock.now - start)")
    let info = try await store.info()
    print("store: \((info.sizeBytes ?? 0) / 1_048_576) MiB; states: "
          + info.counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " "))
    print("")

    let budget = 5.0
    var allWithinBudget = true
    func report(_ name: String, _ milliseconds: Double, budgeted: Bool = true) {
        let verdict = budgeted ? (milliseconds < budget ? "ok (< 5 ms)" : "OVER BUDGET") : ""
        if budgeted, milliseconds >= budget { allWithinBudget = false }
        print("\(name.padding(toLength: 58, withPad: " ", startingAt: 0)) median \(format(milliseconds))  \(verdict)")
    }

    print("median of \(options.samples) runs each, \(options.tasks) tasks in the file:")
    var claims: [Claim] = []
    let claimTime = try await medianMilliseconds(samples: options.samples) {
        claims += try await store.claim(queue: "bench", upTo: 1, worker: "bench")
    }
    report("claim the next ready task (claim upTo: 1)", claimTime)
    let summaryTime = try await medianMilliseconds(samples: options.samples) {
        _ = try await store.summary(queue: "bench")
    }
    report("a queue's counts by state (summary(queue:))", summaryTime)
    let pageTime = try await medianMilliseconds(samples: options.samples) {
        let page = try await store.tasks(TaskFilter(queue: "bench", states: [.new], limit: 50))
        precondition(page.count == 50)
    }
    report("50-row page, queue + state filter (queue=bench, new)", pageTime)

    print("")
    print("more, for reference:")
    report("50-row page, queue + two states (complete, retry)", try await medianMilliseconds(samples: options.samples) {
        _ = try await store.tasks(TaskFilter(queue: "bench", states: [.complete, .retry], limit: 50))
    }, budgeted: false)
    report("50-row page, whole queue (no state filter)", try await medianMilliseconds(samples: options.samples) {
        _ = try await store.tasks(TaskFilter(queue: "bench", limit: 50))
    }, budgeted: false)
    report("50-row page, queue + type filter", try await medianMilliseconds(samples: options.samples) {
        _ = try await store.tasks(TaskFilter(queue: "bench", type: "email:new", limit: 50))
    }, budgeted: false)
    report("count by queue + state (countTasks)", try await medianMilliseconds(samples: options.samples) {
        _ = try await store.countTasks(TaskFilter(queue: "bench", states: [.new, .retry]))
    }, budgeted: false)
    report("summaries of every queue", try await medianMilliseconds(samples: options.samples) {
        _ = try await store.summaries()
    }, budgeted: false)
    // A search scans the queue's rows (payloads included): a few samples say enough.
    report("search id/type/error/payload text, count + page (no match)", try await medianMilliseconds(samples: min(options.samples, 5)) {
        let search = TaskFilter(queue: "bench", text: "nobody@nowhere", limit: 50)
        _ = try await store.countTasks(search)
        _ = try await store.tasks(search)
    }, budgeted: false)
    var index = 0
    report("resolve a claim as complete", try await medianMilliseconds(samples: min(options.samples, claims.count)) {
        try await store.resolve(claims[index], .complete(result: .null))
        index += 1
    }, budgeted: false)
    report("change token", try await medianMilliseconds(samples: options.samples) {
        _ = try await store.changeToken()
    }, budgeted: false)

    // The store's own ceiling for the engine's loop, without a pool: concurrent claimers take batches
    // and complete each task with its own resolve, as handlers would.
    let claimers = 8
    let perClaimer = 2_500
    let completedBefore = try await store.countTasks(TaskFilter(queue: "bench", states: [.complete]))
    let started = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for claimer in 0..<claimers {
            group.addTask {
                var done = 0
                while done < perClaimer {
                    let batch = try await store.claim(queue: "bench", upTo: min(16, perClaimer - done), worker: "c\(claimer)")
                    if batch.isEmpty { break }
                    try await withThrowingTaskGroup(of: Void.self) { resolves in
                        for claim in batch { resolves.addTask { try await store.resolve(claim, .complete(result: .null)) } }
                        try await resolves.waitForAll()
                    }
                    done += batch.count
                }
            }
        }
        try await group.waitForAll()
    }
    let completed = try await store.countTasks(TaskFilter(queue: "bench", states: [.complete])) - completedBefore
    let rate = Double(completed) / (ContinuousClock.now - started).seconds
    print("claim + complete throughput, \(claimers) claimers of up to 16, one resolve per task: \(Int(rate)) tasks/s")
    print("")
    print(allWithinBudget ? "all three budgeted operations are under 5 ms" : "SOME OPERATIONS ARE OVER THE 5 ms BUDGET")
    return allWithinBudget
}

do {
    let options = try BenchOptions(Array(CommandLine.arguments.dropFirst()))
    exit(try await run(options) ? 0 : 1)
} catch let error as BenchUsage {
    FileHandle.standardError.write(Data("aj-store-bench: \(error)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("aj-store-bench: \(error)\n".utf8))
    exit(1)
}
