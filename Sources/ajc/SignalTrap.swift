import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into calls, so long-running commands stop cleanly instead of dying mid-write.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    /// Calls `handler` with the signal's running count (1 for the first) on each SIGINT or SIGTERM.
    init(_ handler: @escaping @Sendable (Int) -> Void) {
        let counter = Counter()
        sources = [SIGINT, SIGTERM].map { number in
            // Ignored at the process level so only the dispatch source sees it.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { handler(counter.increment()) }
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
