import AsyncJobs
import Dispatch

/// A connection confined to its own serial dispatch queue, reached from async code by continuations.
///
/// SQLite calls can block for the whole busy timeout when another process holds a lock. Running them on a
/// dedicated queue keeps Swift's small cooperative thread pool free, so a locked store never freezes other
/// async work (a dashboard's input loop, a pool's timers).
final class SerialConnection: @unchecked Sendable {
    // @unchecked: `connection` is only touched inside `queue`'s work items, which run one at a time.
    private let connection: Connection
    private let queue: DispatchQueue

    /// Takes ownership of `connection`; from now on it is used only on the new queue.
    init(_ connection: Connection, label: String) {
        self.connection = connection
        self.queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `body` on the connection's queue and returns its result; SQLite failures become
    /// ``JobError/storage(_:)``.
    func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(JobError) -> T {
        let result: Result<T, JobError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(JobError) -> T in
                    do { return try body(self.connection) } catch { throw JobError(storeFailure: error) }
                })
            }
        }
        return try result.get()
    }

    /// Runs `body` on the connection's queue and waits for it, for setup and teardown outside async code.
    func runBlocking<T>(_ body: (Connection) throws -> T) rethrows -> T {
        try queue.sync { try body(connection) }
    }
}
