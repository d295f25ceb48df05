import AsyncJobs
import Foundation

/// What `ajtop --demo` runs: demo queues, handlers with every outcome a real system shows, and a producer
/// that keeps enqueuing at a varying rate, so a first-time user sees completions, retries, terminations
/// and overruns within seconds.
public struct DemoWorkload: Sendable {
    /// One demo task kind: how it behaves and how often it is enqueued.
    enum Kind: String, CaseIterable, Sendable {
        /// Succeeds in 50-300 ms.
        case fast
        /// Succeeds in 1-3 s.
        case slow
        /// Fails about half the time with a transient error, so it retries.
        case flaky
        /// Carries a payload that can never work: terminated at once.
        case bad
        /// Runs past its queue's MaxRunTime and is cancelled.
        case hang

        var weight: Int {
            switch self {
            case .fast: 10
            case .slow: 4
            case .flaky: 4
            case .bad: 1
            case .hang: 1
            }
        }
    }

    /// A demo queue with the task types enqueued to it.
    struct DemoQueue: Sendable {
        var queue: Queue
        var types: [String]
        var concurrency: Int
    }

    /// Fast retries, so retry timelines fill within a minute instead of ten.
    public static let retryPolicy = IntervalRetryPolicy(linearSteps: 5, min: .seconds(2), max: .seconds(12), jitter: 0.5)

    /// The demo queues: different limits so saturation and idle capacity both show.
    static let queues: [DemoQueue] = [
        DemoQueue(queue: Queue(name: "emails", maxConcurrent: 4, maxRunTime: .seconds(5), maxTries: 5),
                  types: ["email:welcome", "email:receipt", "email:digest"], concurrency: 6),
        DemoQueue(queue: Queue(name: "thumbnails", maxConcurrent: 2, maxRunTime: .seconds(4), maxTries: 4),
                  types: ["image:resize", "image:watermark"], concurrency: 3),
        DemoQueue(queue: Queue(name: "reports", maxConcurrent: 1, maxRunTime: .seconds(6), maxTries: 3),
                  types: ["report:daily"], concurrency: 1),
    ]

    /// The names of the demo queues.
    public static var queueNames: [String] { queues.map(\.queue.name) }

    let store: any JobStore

    /// Creates the workload over `store`.
    public init(store: any JobStore) { self.store = store }

    /// Creates the demo queues that do not exist yet.
    public func prepare() async throws {
        let existing = Set(try await store.queues().map(\.name))
        for demo in Self.queues where !existing.contains(demo.queue.name) {
            try await store.createQueue(demo.queue)
        }
    }

    /// The router serving every demo type: behaviour follows the payload's `kind`.
    public static func router() throws -> Router {
        var router = Router()
        try router.register("") { task, context in try await handle(task, context) }
        return router
    }

    /// Local concurrency for the demo pool of `queue`.
    public static func concurrency(for queue: String) -> Int {
        queues.first { $0.queue.name == queue }?.concurrency ?? 2
    }

    /// Enqueues demo tasks until cancelled: bursts of one to four every 150-900 ms, the pace swelling and
    /// easing over a minute so queue depth visibly moves. A burst the store refuses (busy, full) is skipped:
    /// the next one follows a moment later.
    public func produce() async throws {
        var sequence = 0
        while !Task.isCancelled {
            let phase = sin(Double(sequence) / 40)
            let burst = Int.random(in: 1...(phase > 0.3 ? 4 : 2))
            var tasks: [JobTask] = []
            for _ in 0..<burst {
                let demo = Self.queues[weightedQueueIndex()]
                let kind = Self.pickKind()
                let type = demo.types.randomElement()!
                let payload = #"{"kind":"\#(kind.rawValue)","n":\#(sequence),"to":"user\#(sequence % 97)@example.com"}"#
                tasks.append(JobTask(type: type, queue: demo.queue.name, payload: Data(payload.utf8),
                                     maxTries: demo.queue.maxTries))
                sequence += 1
            }
            do { try await store.enqueue(tasks) } catch is CancellationError { return } catch {}
            try await Task.sleep(for: .milliseconds(Int.random(in: phase > 0 ? 150...500 : 300...900)))
        }
    }

    /// Half the tasks go to `emails`, a third to `thumbnails`, the rest to `reports`, which runs one at a time
    /// and so shows a backlog without growing without bound.
    private func weightedQueueIndex() -> Int {
        let roll = Int.random(in: 0..<12)
        return roll < 6 ? 0 : roll < 10 ? 1 : 2
    }

    static func pickKind() -> Kind {
        var roll = Int.random(in: 0..<Kind.allCases.reduce(0) { $0 + $1.weight })
        for kind in Kind.allCases {
            if roll < kind.weight { return kind }
            roll -= kind.weight
        }
        return .fast
    }

    /// What a flaky attempt of `type` fails with: the kind of error its service would give.
    static func transientError(for type: String) -> String {
        if type.hasPrefix("email:") { return "451 4.3.0 mail server busy, try again later" }
        if type.hasPrefix("image:") { return "image store timed out after 2s (503)" }
        return "read replica lagging 40s behind, try again"
    }

    /// Runs one demo attempt as its payload's `kind` says.
    static func handle(_ task: JobTask, _ context: HandlerContext) async throws -> JSONValue {
        guard let payload = task.payload, case .object(let fields)? = try? JSONValue(json: payload),
              case .string(let name)? = fields["kind"], let kind = Kind(rawValue: name)
        else { throw TerminateTaskError("payload is not a demo task") }
        switch kind {
        case .fast:
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...300)))
            return ["delivered": true, "attempt": .integer(Int64(context.attempt))]
        case .slow:
            try await Task.sleep(for: .milliseconds(Int.random(in: 1000...3000)))
            return ["delivered": true, "slow": true]
        case .flaky:
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...600)))
            if Bool.random() { throw DemoFailure(message: transientError(for: task.type)) }
            return ["delivered": true, "after_tries": .integer(Int64(context.attempt))]
        case .bad:
            throw TerminateTaskError("invalid recipient address: cannot ever succeed")
        case .hang:
            try await Task.sleep(for: .seconds(3600))
            return .null
        }
    }
}

