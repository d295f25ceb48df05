import AsyncJobs
import Foundation

/// aj-bench: the engine's benchmark workloads, one JSON line per figure. scripts/bench runs it beside huey.
let arguments = CommandLine.arguments.dropFirst()
func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), arguments.index(after: index) < arguments.endIndex,
          let parsed = Int(arguments[arguments.index(after: index)]) else { return value }
    return parsed
}
let quick = arguments.contains("--quick")
let tasks = option("--tasks", default: quick ? 10_000 : 20_000)
let concurrency = option("--concurrency", default: 100)

let workloads = Workloads(makeStore: { MemoryStore() }, durability: "memory", concurrency: concurrency)
try await workloads.enqueueSingle(tasks, producers: 16).print()
try await workloads.enqueueBatched(tasks, batch: 1000).print()
try await workloads.drain(tasks).print()
try await workloads.endToEnd(tasks, producers: 16).print()
try await workloads.dispatchLatency(quick ? 400 : 2000, rate: 200).print()
