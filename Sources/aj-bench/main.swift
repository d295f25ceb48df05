import AsyncJobs
import AsyncJobsSQLite
import Foundation

/// aj-bench: the engine's benchmark workloads on the SQLite store, one JSON line per figure.
/// scripts/bench runs it beside huey and prints the comparison. With `--nats URL` the same workloads run on
/// the JetStream store of that server (scripts/jetstream-store-bench), `--durability` then only labels them.
/// The arguments are in `usage` below.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: aj-bench [--quick] [--tasks N] [--concurrency N,N…] [--durability FULL,NORMAL] [--workloads a,b,…]
                    [--backlog N] [--dir PATH] [--nats URL]
    """
/// Anything else (a typo, `--help`) stops before a benchmark of several minutes starts with the defaults.
let flagsWithValues: Set = ["--tasks", "--concurrency", "--durability", "--workloads", "--backlog", "--dir", "--nats"]
if arguments == ["--help"] || arguments == ["-h"] {
    print(usage)
    exit(0)
}
var position = 0
while position < arguments.count {
    let argument = arguments[position]
    if argument == "--quick" {
        position += 1
    } else if flagsWithValues.contains(argument), position + 1 < arguments.count {
        position += 2
    } else {
        let problem = flagsWithValues.contains(argument) ? "\(argument) needs a value" : "unknown argument \(argument)"
        FileHandle.standardError.write(Data("aj-bench: \(problem) (aj-bench --help for usage)\n".utf8))
        exit(2)
    }
}
func value(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let quick = arguments.contains("--quick")
let tasks = value("--tasks").flatMap(Int.init) ?? (quick ? 10_000 : 20_000)
/// Pool sizes to try for drain and end-to-end; the report keeps the best, as it does for huey's workers.
let concurrencies = (value("--concurrency") ?? "64,256,1024").split(separator: ",").compactMap { Int($0) }
let bigBacklog = value("--backlog").flatMap(Int.init) ?? 1_000_000
let durabilities = (value("--durability") ?? "FULL,NORMAL").split(separator: ",").map(String.init)
let selected = Set((value("--workloads") ?? "enqueue,drain,e2e,dispatch,scale").split(separator: ",").map(String.init))
let directory = value("--dir") ?? NSTemporaryDirectory() + "aj-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }

if let url = value("--nats") {
    let label = durabilities.first ?? "nats"
    let workloads = { (concurrency: Int) in
        Workloads(makeStore: { try await JetStreamBenchStore.fresh(url: url) }, durability: label, concurrency: concurrency)
    }
    for concurrency in concurrencies where selected.contains("e2e") {
        try await workloads(concurrency).endToEnd(tasks, producers: 16).print()
        try await workloads(concurrency).endToEnd(tasks, producers: 4, batch: 50).print()
    }
    if selected.contains("dispatch") { try await workloads(concurrencies[0]).dispatchLatency(quick ? 600 : 2000, rate: 200).print() }
    // `exit` skips the `defer` above, which left an empty folder behind every JetStream run.
    try? FileManager.default.removeItem(atPath: directory)
    exit(0)
}

var storeNumber = 0
for durability in durabilities {
    guard let synchronous = SQLiteStore.Synchronous(rawValue: durability) else {
        FileHandle.standardError.write(Data("aj-bench: unknown durability \(durability) (use FULL or NORMAL)\n".utf8))
        exit(2)
    }
    let makeStore: @Sendable () async throws -> any JobStore = {
        let path = "\(directory)/\(durability)-\(UUID().uuidString).sqlite"
        return try SQLiteStore(path: path, synchronous: synchronous)
    }
    let workloads = Workloads(makeStore: makeStore, durability: durability, concurrency: concurrencies[0])
    if selected.contains("enqueue") {
        try await workloads.enqueueSingle(quick ? 1_000 : 5_000, producers: 1).print()
        try await workloads.enqueueSingle(tasks, producers: 16).print()
        try await workloads.enqueueBatched(tasks, batch: 1000).print()
    }
    for concurrency in concurrencies {
        let sized = Workloads(makeStore: makeStore, durability: durability, concurrency: concurrency)
        if selected.contains("drain") { try await sized.drain(tasks).print() }
        if selected.contains("e2e") {
            try await sized.endToEnd(tasks, producers: 16).print()
            try await sized.endToEnd(tasks, producers: 4, batch: 50).print()
        }
    }
    if selected.contains("dispatch") { try await workloads.dispatchLatency(quick ? 600 : 2000, rate: 200).print() }
    if selected.contains("scale"), durability == durabilities.last {
        // The same 10,000 tasks drained from a 10k and from a 1M backlog: only the backlog differs.
        let small = try await workloads.drain(10_000, backlog: 10_000, workload: "drain_backlog_small")
        small.print()
        let large = try await workloads.drain(10_000, backlog: bigBacklog, workload: "drain_backlog_large")
        large.print()
    }
}
