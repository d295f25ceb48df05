import AsyncJobs
import Foundation

/// A task as the mirror holds it: the fields every task has inline, and the ones most tasks leave empty
/// (dependencies and their results, deadline, result, last error, signature) in one box that a task
/// without any of them does not allocate; its payload only in a mirror that holds payloads.
///
/// A whole `JobTask` inline is 232 bytes, boxed once per task: 24 MB of a dashboard watching 100,000 tasks,
/// where this form is about half, and a payload as `Data` is two more allocations (14 MB there).
/// ``whole`` gives back the task it was made from, field for field (a test fails when `JobTask` gains a
/// field this form does not carry), when its payload is held; ``listed`` gives it without the payload
/// otherwise, for reads only: nothing but a ``WholeTask`` is written.
struct CompactTask: Sendable {
    // The three the mirror's index and order read of every task are open, so that indexing 100,000 tasks
    // does not rebuild each one. The id is not held: the mirror's key for the task is (16 bytes a task).
    private let type: String
    let queue: String
    /// The payload's bytes: one allocation in 8 bytes, where `Data` is two in 16.
    private let payload: [UInt8]?
    let created: Timestamp
    /// The try counts in 32 bits each (``Rare`` holds both whole when either is wider), so that with the
    /// payload's 8 bytes a task's entry in the mirror takes a 176-byte malloc chunk, not 192.
    private let tries: Int32
    private let maxTries: Int32
    private let rare: Rare?
    // The two narrow fields last, so that they share one word.
    private let tried: Timestamp?
    let state: TaskState
    /// Whether ``payload`` is the task's (false: the mirror holds no payloads, and the task's is on the server).
    private let holdsPayload: Bool

    /// The ids of the tasks this one waits for.
    var dependencies: [String] { rare?.dependencies ?? [] }

    /// The fields most waiting tasks leave empty.
    private final class Rare: Sendable {
        let dependencies: [String]
        let dependencyResults: [String: TaskResult]
        let loadDependencies: Bool
        let deadline: Timestamp?
        let result: TaskResult?
        let lastError: String?
        let signature: String?
        /// The try counts when either does not fit in 32 bits.
        let wideTries: (tries: Int, maxTries: Int)?

        init(of task: JobTask) {
            dependencies = task.dependencies
            dependencyResults = task.dependencyResults
            loadDependencies = task.loadDependencies
            deadline = task.deadline
            result = task.result
            lastError = task.lastError
            signature = task.signature
            wideTries = Self.fitsNarrowTries(task) ? nil : (task.tries, task.maxTries)
        }

        static func fitsNarrowTries(_ task: JobTask) -> Bool {
            Int32(exactly: task.tries) != nil && Int32(exactly: task.maxTries) != nil
        }

        static func needed(by task: JobTask) -> Bool {
            !task.dependencies.isEmpty || !task.dependencyResults.isEmpty || task.loadDependencies
                || task.deadline != nil || task.result != nil || task.lastError != nil || task.signature != nil
                || !fitsNarrowTries(task)
        }
    }

    /// The task as held, with its payload when `holdingPayload`.
    init(_ task: JobTask, holdingPayload: Bool = true) {
        type = task.type
        queue = task.queue
        payload = holdingPayload ? task.payload.map(Array.init) : nil
        holdsPayload = holdingPayload
        created = task.created
        tries = Int32(truncatingIfNeeded: task.tries)
        maxTries = Int32(truncatingIfNeeded: task.maxTries)
        rare = Rare.needed(by: task) ? Rare(of: task) : nil
        tried = task.tried
        state = task.state
    }

    /// The task this was made from (its id `id`), or nil when its payload is not held.
    func whole(id: String) -> JobTask? { holdsPayload ? listed(id: id) : nil }

    /// The task this was made from (its id `id`), without its payload when that is not held: for reads,
    /// never for a write.
    func listed(id: String) -> JobTask {
        let wide = rare?.wideTries
        var task = JobTask(id: id, type: type, queue: queue, payload: payload.map { Data($0) }, deadline: rare?.deadline,
                           maxTries: wide?.maxTries ?? Int(maxTries), result: rare?.result, state: state, created: created,
                           tried: tried, tries: wide?.tries ?? Int(tries),
                           lastError: rare?.lastError, loadDependencies: rare?.loadDependencies ?? false,
                           dependencyResults: rare?.dependencyResults ?? [:], signature: rare?.signature)
        // Set, not passed to the initializer, which drops repeats: the task comes back as it was.
        if let rare { task.dependencies = rare.dependencies }
        return task
    }
}
