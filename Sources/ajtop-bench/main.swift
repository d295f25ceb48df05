import AsyncJobs
import AsyncJobsSQLite
import Foundation

// Prepares a store for ajtop's performance figures (scripts/frame-bench), its screenshots and its tmux tests:
// `ajtop-bench PATH TASKS [--history DAYS]` writes TASKS tasks over four queues through the SQLite store's
// API, then runs a few hundred attempts per queue so that every column has something to show (completions,
// scheduled retries, failures); with `--history`, a queue `history` gets DAYS days of attempts ending now
// (``HistorySeeder``).

var arguments = CommandLine.arguments
var historyDays = 0
if let flag = arguments.firstIndex(of: "--history") {
    guard flag + 1 < arguments.count, let days = Int(arguments[flag + 1]), (1...7).contains(days) else {
        FileHandle.standardError.write(Data("ajtop-bench: --history takes a number of days from 1 to 7\n".utf8))
        exit(2)
    }
    historyDays = days
    arguments.removeSubrange(flag...(flag + 1))
}
guard arguments.count == 3, let total = Int(arguments[2]), total >= 0 else {
    FileHandle.standardError.write(Data("usage: ajtop-bench STORE-PATH TASKS [--history DAYS]\n".utf8))
    exit(2)
}
if historyDays > 0 {
    let attempts = try await HistorySeeder(days: historyDays).run(path: arguments[1])
    print("history: \(attempts) attempts over \(historyDays) days in queue history")
}
// Only the history was asked for.
if total == 0 { exit(0) }
let store = try SQLiteStore(path: arguments[1])
let shares = [("emails", 0.4, 20), ("images", 0.2, 5), ("reports", 0.3, 10), ("webhooks", 0.1, 50)]
let started = ContinuousClock.now
for (name, _, concurrency) in shares where (try? await store.queue(named: name)) == nil {
    try await store.createQueue(Queue(name: name, maxConcurrent: concurrency))
}
for (name, share, _) in shares {
    var remaining = Int(Double(total) * share)
    while remaining > 0 {
        let batch = min(remaining, 20_000)
        let payload = Data(#"{"to":"someone@example.com","template":"welcome"}"#.utf8)
        try await store.enqueue((0..<batch).map { _ in JobTask(type: "\(name):work", queue: name, payload: payload) })
        remaining -= batch
    }
}
print("enqueued \(total) tasks in \(ContinuousClock.now - started)")
var random = SystemRandomNumberGenerator()
for (name, _, concurrency) in shares {
    for _ in 0..<10 {
        for claim in try await store.claim(queue: name, upTo: concurrency, worker: "bench") {
            let resolution: Resolution
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<6: resolution = .complete(result: "ok")
            case 6..<9:
                resolution = .retry(at: .now + .seconds(Int64.random(in: 30..<3600, using: &random)), outcome: .failed,
                                    error: "smtp: connection refused")
            default: resolution = .terminate(error: "bad payload")
            }
            try await store.resolve(claim, resolution)
        }
    }
}
let summaries = try await store.summaries()
for summary in summaries {
    print("\(summary.queue.name): \(summary.total) tasks, ready \(summary.ready), scheduled \(summary.scheduled), "
          + "complete \(summary.count(.complete)), failed \(summary.failed)")
}
