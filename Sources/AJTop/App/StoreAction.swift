/// An operator action on the store, performed off the input loop.
public enum StoreAction: Sendable, Hashable {
    /// Make the task runnable now (`r`).
    case retry(taskID: String)
    /// Terminate the task (`t`, after y/N).
    case terminate(taskID: String)
    /// Pause or resume the queue (`p`).
    case setPaused(queue: String, paused: Bool)
    /// Set the queue's MaxConcurrent (`+`/`-`).
    case setMaxConcurrent(queue: String, value: Int)

    /// What the status line says once it worked, e.g. `terminated 2Nx…`.
    public var successText: String {
        switch self {
        case .retry(let id): "retried \(id)"
        case .terminate(let id): "terminated \(id)"
        case .setPaused(let queue, let paused): paused ? "paused queue \(queue)" : "resumed queue \(queue)"
        case .setMaxConcurrent(let queue, let value): "queue \(queue): MaxConcurrent \(value)"
        }
    }

    /// The verb and target, for failure messages.
    public var description: String {
        switch self {
        case .retry(let id): "retry \(id)"
        case .terminate(let id): "terminate \(id)"
        case .setPaused(let queue, let paused): paused ? "pause \(queue)" : "resume \(queue)"
        case .setMaxConcurrent(let queue, let value): "set \(queue) MaxConcurrent to \(value)"
        }
    }
}
