/// What the dashboard asks of the local worker pools (`w`, `+`/`-` on the Workers screen, and the
/// periodic look at their slots); the runner answers with ``Message/pools(after:_:error:)``.
public enum PoolRequest: Sendable, Hashable {
    /// Start every stopped pool (the dashboard starts them on launch, and `w` restarts them).
    case start
    /// Drain every running pool: no new claims; running tasks finish.
    case stop
    /// Set the local concurrency of the pool serving `queue`.
    case setConcurrency(queue: String, value: Int)
    /// Only report the pools' state.
    case sample

    /// What the status line says once it worked; nil for a sample, which says nothing.
    public var successText: String? {
        switch self {
        case .start: "worker pool started"
        case .stop: "worker pool draining: no new claims, running tasks finish"
        case .setConcurrency(let queue, let value): "local concurrency for \(queue): \(value)"
        case .sample: nil
        }
    }
}
