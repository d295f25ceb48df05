import Synchronization

/// Beats once every time the pool renewed the lease of the attempt a handler runs: how a handler that
/// leaves the process (an external command) learns that its worker is still alive and still holds the
/// lease.
///
/// A worker that stops renewing (frozen by SIGSTOP, a paused VM, swapped out) stops the beats too. A
/// watcher that heard nothing for ``silenceLimit`` must presume the lease lost and stop the work: the lease
/// itself runs out one renewal interval later, and only then may another worker be handed the task.
public final class LeaseHeartbeat: Sendable {
    /// The lease window the pool renews to.
    public let window: Duration
    private let listeners = Mutex<(next: Int, bodies: [Int: @Sendable () -> Void])>((0, [:]))

    /// Creates a heartbeat for leases renewed to `window` about every third of it.
    public init(window: Duration) {
        self.window = window
    }

    /// How often the pool renews: a third of the window, so one late or failed round still leaves time.
    public var renewalInterval: Duration { window / 3 }

    /// The longest a watcher may go without a beat: the window less one renewal interval, so that work
    /// stopped then is gone before the lease runs out.
    public var silenceLimit: Duration { window - renewalInterval }

    /// Calls `body` on every beat until ``removeListener(_:)``; returns the id to remove it with.
    public func addListener(_ body: @escaping @Sendable () -> Void) -> Int {
        listeners.withLock { listeners in
            listeners.next += 1
            listeners.bodies[listeners.next] = body
            return listeners.next
        }
    }

    /// Stops calling the listener `id`.
    public func removeListener(_ id: Int) {
        _ = listeners.withLock { $0.bodies.removeValue(forKey: id) }
    }

    /// Tells every listener that the lease was just renewed.
    func beat() {
        let bodies = listeners.withLock { Array($0.bodies.values) }
        for body in bodies { body() }
    }
}
