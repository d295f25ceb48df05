import Synchronization

/// A level-triggered wake-up: `signal()` wakes the waiter, or the next one to wait if none waits yet,
/// so a signal sent between "checked for work" and "started waiting" is never lost.
final class WakeSignal: Sendable {
    private let pending = Mutex(false)
    private let waiters = CancellableWaiters<Void>()

    /// Wakes the waiter, or marks the signal pending for the next wait.
    func signal() {
        pending.withLock { $0 = true }
        waiters.resume()
    }

    /// Returns at once if a signal is pending, otherwise when one arrives or the task is cancelled; either
    /// way the pending signal is consumed, before the caller looks for work again.
    func wait() async {
        try? await waiters.wait { pending.withLock { $0 } }
        pending.withLock { $0 = false }
    }
}
