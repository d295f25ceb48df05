// A Swift service's worker binary that gets the ajtop dashboard for free: it registers its own handlers,
// builds its worker pool as it would anyway, and hands both to `Dashboard.run`.
//
//   swift run example-embedded-worker [STORE]     (default: $AJ_STORE, else the standard store)
//   ajc task add greeting:hello '{"name":"Ada","delay_ms":2000}' -q greetings
import AJTopTerminal
import AsyncJobs
import AsyncJobsSQLite
import Foundation
import Logging

/// What a `greeting:*` task carries.
struct Greeting: Decodable {
    var name: String
    /// How long the work takes, so the Workers screen has something to show.
    var delay_ms: Int?
}

var router = Router()
try router.register("greeting:") { task, context in
    guard let payload = task.payload, let greeting = try? JSONDecoder().decode(Greeting.self, from: payload) else {
        // No retry can fix a payload that does not decode.
        throw TerminateTaskError("payload is not {\"name\": …}")
    }
    try await Task.sleep(for: .milliseconds(greeting.delay_ms ?? 0))
    return ["greeting": .string("Hello, \(greeting.name)!"), "attempt": .integer(Int64(context.attempt))]
}

let path = StoreLocation.resolve(explicit: CommandLine.arguments.dropFirst().first)
let store = try SQLiteStore(path: path)
do {
    try await store.createQueue(Queue(name: "greetings", maxConcurrent: 4, maxRunTime: .seconds(30)))
} catch JobError.queueExists {}

// The dashboard owns the terminal, so the pool must not log to it.
let quiet = Logger(label: "example") { _ in SwiftLogNoOpLogHandler() }
let pool = WorkerPool(store: store, queue: "greetings", router: router, concurrency: 3, logger: quiet)

let signal = try await Dashboard.run(store: store, pools: [pool], options: Dashboard.Options(storeLabel: path))
exit(signal.map { 128 + $0 } ?? 0)
