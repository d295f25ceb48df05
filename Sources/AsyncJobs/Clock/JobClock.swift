/// The engine's source of wall-clock time and its way to wait.
///
/// Injected everywhere time matters (stores, pool, retry timing) so that tests advance time instead of
/// sleeping. Times are wall-clock because leases and retry times are shared between processes.
public protocol JobClock: Sendable {
    /// The current time.
    func now() -> Timestamp
    /// Suspends until `deadline`, or throws `CancellationError` when the calling task is cancelled.
    func sleep(until deadline: Timestamp) async throws
}

/// The real clock.
public struct SystemClock: JobClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Timestamp { .now }

    public func sleep(until deadline: Timestamp) async throws {
        let remaining = deadline - now()
        if remaining > .zero { try await Task.sleep(for: remaining) }
        else { try Task.checkCancellation() }
    }
}
