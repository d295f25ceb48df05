import NIOCore
import Synchronization

extension EventLoopFuture where Value: Sendable {
    /// Waits for the future, failing with `NATSError.timeout` after `timeout`; whichever comes first wins.
    func get(timeout: Duration) async throws -> Value {
        let outcome = eventLoop.makePromise(of: Value.self)
        let settled = SettleOnce()
        let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            if settled.claim() { outcome.fail(NATSError.timeout) }
        }
        whenComplete { result in
            timer.cancel()
            if settled.claim() { outcome.completeWith(result) }
        }
        return try await outcome.futureResult.get()
    }
}

/// Lets exactly one of several racing completions through.
private final class SettleOnce: Sendable {
    private let settled = Atomic<Bool>(false)

    /// True for the first caller only.
    func claim() -> Bool {
        settled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}
