import Synchronization

/// Settles once with whichever event arrives first (handler finished, deadline passed, operator terminate).
///
/// Unlike a task group, waiting here never depends on the losers finishing: a handler that ignores
/// cancellation cannot hold up the attempt's resolution.
final class FirstEvent<Event: Sendable>: Sendable {
    private struct State {
        var event: Event?
        var waiter: CheckedContinuation<Event, Never>?
    }

    private let state = Mutex(State())

    /// Offers an event; only the first offer counts.
    func settle(_ event: Event) {
        let waiter = state.withLock { state -> CheckedContinuation<Event, Never>? in
            guard state.event == nil else { return nil }
            state.event = event
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: event)
    }

    /// Whether an event has arrived.
    var isSettled: Bool { state.withLock { $0.event != nil } }

    /// The first event, waiting for it if needed.
    func value() async -> Event {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Event? in
                if let event = state.event { return event }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
