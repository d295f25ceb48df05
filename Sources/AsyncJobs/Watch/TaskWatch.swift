#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows task state changes live, in commit order, from the moment it starts: what `ajc task watch`
/// prints.
///
/// It reads the store's event log by cursor and sleeps on ``ChangeTracking/awaitChange(since:deadline:)``
/// between reads, so it sees every process's changes without rescanning tasks.
public struct TaskWatch: Sendable {
    /// The store to follow.
    public var store: any InspectorStore
    /// Only this queue's tasks, when set.
    public var queue: String?
    /// Only this task, when set.
    public var taskID: String?
    /// Most events read at once.
    public var batchSize: Int
    /// Longest wait for a change before reading again anyway (a safety net; stores wake waiters).
    public var pollInterval: Duration

    /// Creates a watch of `store`, optionally narrowed to one queue and/or one task.
    public init(store: any InspectorStore, queue: String? = nil, taskID: String? = nil, batchSize: Int = 1000,
                pollInterval: Duration = .seconds(1)) {
        self.store = store
        self.queue = queue
        self.taskID = taskID
        self.batchSize = batchSize
        self.pollInterval = pollInterval
    }

    /// Whether `event` passes the queue and task filters.
    public func matches(_ event: TaskEvent) -> Bool {
        (queue == nil || event.queue == queue) && (taskID == nil || event.taskID == taskID)
    }

    /// Calls `body` for every matching event committed from now on, until the calling task is cancelled
    /// (then returns normally) or the store fails (then throws).
    ///
    /// `ready` is called once the starting point is fixed: events committed after it are all delivered.
    public func follow(clock: any JobClock = SystemClock(), ready: () -> Void = {},
                       _ body: (TaskEvent) throws -> Void) async throws {
        do {
            var cursor = try await store.latestEventSequence()
            var token = try await store.changeToken()
            ready()
            while !Task.isCancelled {
                // The token is taken before reading, so a change committed during the read wakes the wait.
                let seen = token
                let events = try await store.events(after: cursor, limit: batchSize)
                for event in events where matches(event) { try body(event) }
                if let last = events.last { cursor = last.sequence }
                if events.count == batchSize { continue }
                token = try await store.awaitChange(since: seen, deadline: clock.now() + pollInterval)
            }
        } catch is CancellationError where Task.isCancelled {
            // Stopping is the normal way out of a watch, whichever await it interrupts.
        }
    }

    /// asyncjobs' watch line: `[15:04:05] <id>: queue: Q type: T tries: N state: S`, in local time.
    public static func line(for event: TaskEvent) -> String {
        var seconds = time_t(event.at.nanoseconds / 1_000_000_000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let clock = [parts.tm_hour, parts.tm_min, parts.tm_sec]
            .map { $0 < 10 ? "0\($0)" : "\($0)" }
            .joined(separator: ":")
        var line = "[\(clock)] \(event.taskID): queue: \(event.queue) type: \(event.type) tries: \(event.tries) state: \(event.state.rawValue)"
        if let error = event.error, !error.isEmpty { line += " error: \(error)" }
        return line
    }
}
