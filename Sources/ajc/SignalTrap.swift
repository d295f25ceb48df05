import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a stream of values, so long-running commands stop cleanly instead of dying
/// mid-write.
///
/// Create it before starting the work it stops: a signal that arrives before anyone reads ``signals`` waits
/// in the stream rather than killing the process.
final class SignalTrap {
    /// The running count of signals received (1 for the first).
    let signals: AsyncStream<Int>
    private let sources: [any DispatchSourceSignal]

    init() {
        let (signals, continuation) = AsyncStream<Int>.makeStream()
        self.signals = signals
        let counter = Counter()
        sources = [SIGINT, SIGTERM].map { number in
            // Ignored at the process level so only the dispatch source sees it.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { continuation.yield(counter.increment()) }
            source.resume()
            return source
        }
    }

    /// Restores the default action of both signals.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// Counts signals; only touched on the main queue.
    private final class Counter: @unchecked Sendable {
        private var count = 0
        func increment() -> Int {
            count += 1
            return count
        }
    }
}
