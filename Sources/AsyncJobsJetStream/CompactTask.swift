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
    // The four the mirror's index and order read of every task are open, so that indexing 100,000 tasks
    // does not rebuild each one.
    let id: String
    private let type: String
    let queue: String
    private let payload: Data?
    let created: Timestamp
    private let tries: Int
    private let maxTries: Int
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

        init(of task: JobTask) {
            dependencies = task.dependencies
            dependencyResults = task.dependencyResults
            loadDependencies = task.loadDependencies
            deadline = task.deadline
            result = task.result
            lastError = task.lastError
            signature = task.signature
        }

        static func needed(by task: JobTask) -> Bool {
            !task.dependencies.isEmpty || !task.dependencyResults.isEmpty || task.loadDependencies
                || task.deadline != nil || task.result != nil || task.lastError != nil || task.signature != nil
        }
    }

    /// The task as held, with its payload when `holdingPayload`.
    init(_ task: JobTask, holdingPayload: Bool = true) {
        id = task.id
        type = task.type
        queue = task.queue
        payload = holdingPayload ? task.payload : nil
        holdsPayload = holdingPayload
        created = task.created
        tries = task.tries
        maxTries = task.maxTries
        rare = Rare.needed(by: task) ? Rare(of: task) : nil
        tried = task.tried
        state = task.state
    }

    /// The task this was made from, or nil when its payload is not held.
    var whole: JobTask? { holdsPayload ? listed : nil }

    /// The task this was made from, without its payload when that is not held: for reads, never for a write.
    var listed: JobTask {
        var task = JobTask(id: id, type: type, queue: queue, payload: payload, deadline: rare?.deadline, maxTries: maxTries,
                           result: rare?.result, state: state, created: created, tried: tried, tries: tries,
                           lastError: rare?.lastError, loadDependencies: rare?.loadDependencies ?? false,
                           dependencyResults: rare?.dependencyResults ?? [:], signature: rare?.signature)
        // Set, not passed to the initializer, which drops repeats: the task comes back as it was.
        if let rare { task.dependencies = rare.dependencies }
        return task
    }
}
