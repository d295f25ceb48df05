import Foundation

/// A unit of work: a typed payload routed to a handler, with its state and history of tries.
///
/// Named `JobTask` so it does not shadow Swift concurrency's `Task`. Its `Codable` form is asyncjobs' wire
/// object, field for field and in the same order.
public struct JobTask: Sendable, Hashable {
    /// Per-task try limit given to new tasks, as in asyncjobs.
    public static let defaultMaxTries = 10

    /// K-sortable unique id (a KSUID unless the caller chose one).
    public var id: String
    /// The routing key that selects a handler.
    public var type: String
    /// The queue the task waits in.
    public var queue: String
    /// Ids of the tasks that must complete before this one may run (asyncjobs' `dependencies`); a task
    /// with any waits `blocked` until the last of them completes.
    public var dependencies: [String]
    /// The results of the dependencies, by id, copied in when the last one completes if
    /// ``loadDependencies`` is set (asyncjobs' `dependency_results`).
    public var dependencyResults: [String: TaskResult]
    /// Whether the handler is given the dependencies' results (asyncjobs' `load_dependencies`).
    public var loadDependencies: Bool
    /// The work's bytes, usually JSON; nil when there is none.
    public var payload: Data?
    /// A task not started by this time expires instead of running.
    public var deadline: Timestamp?
    /// Most attempts this task allows; 0 means no per-task limit (the queue's still applies).
    public var maxTries: Int
    /// The handler's result, once complete.
    public var result: TaskResult?
    /// Where the task is in its life.
    public var state: TaskState
    /// When the task was created.
    public var created: Timestamp
    /// When an attempt last started or ended.
    public var tried: Timestamp?
    /// Handler invocations so far.
    public var tries: Int
    /// The most recent failure, if any.
    public var lastError: String?
    /// The hex Ed25519 signature of ``TaskSignature/signedText(of:)``, if the task was signed.
    public var signature: String?

    /// Creates a task, in state `new` unless told otherwise.
    public init(
        id: String = KSUID.make(), type: String, queue: String = Queue.defaultName, payload: Data? = nil,
        deadline: Timestamp? = nil, maxTries: Int = JobTask.defaultMaxTries, result: TaskResult? = nil,
        state: TaskState = .new, created: Timestamp = .now, tried: Timestamp? = nil, tries: Int = 0,
        lastError: String? = nil, dependencies: [String] = [], loadDependencies: Bool = false,
        dependencyResults: [String: TaskResult] = [:], signature: String? = nil
    ) {
        self.id = id
        self.type = type
        self.queue = queue
        // Repeats mean nothing: asyncjobs' TaskDependsOnIDs drops them too.
        var seen = Set<String>()
        self.dependencies = dependencies.filter { seen.insert($0).inserted }
        self.dependencyResults = dependencyResults
        self.loadDependencies = loadDependencies
        self.payload = payload
        self.deadline = deadline
        self.maxTries = maxTries
        self.result = result
        self.state = state
        self.created = created
        self.tried = tried
        self.tries = tries
        self.lastError = lastError
        self.signature = signature
    }

    /// Throws unless the id, type and queue follow the name rule and the limits are sane.
    public func validate() throws(JobError) {
        try NameValidation.check(id, as: "task id")
        try NameValidation.check(type, as: "task type")
        try NameValidation.check(queue, as: "queue name")
        for dependency in dependencies {
            try NameValidation.check(dependency, as: "dependency id")
            guard dependency != id else { throw .invalidSetting("task \(id) cannot depend on itself") }
        }
        guard maxTries >= 0 else { throw .invalidSetting("max tries must be 0 (no limit) or more, got \(maxTries)") }
    }

    /// The task as a store writes it when it is enqueued: `new`, no tries, no result, no error.
    public var enqueued: JobTask {
        var task = self
        task.state = .new
        task.tries = 0
        task.tried = nil
        task.result = nil
        task.lastError = nil
        return task
    }
}
