import Foundation
import Synchronization

/// Runs a number of independent CPU-bound chunks on threads of their own, one per core at most, and returns
/// when every chunk is done.
///
/// Not `DispatchQueue.concurrentPerform`: on Linux its helper threads come from Dispatch's default-QoS root
/// queue, which is also the Swift concurrency pool (one thread per core). A large import took every thread
/// of that pool until its last chunk was parsed, so every other task of the process (a test run's other
/// tests, a server's requests) stopped for the whole parse.
enum ChunkThreads {
    /// Calls `body(chunk)` for every chunk in `0..<count`, on the calling thread and up to one more thread per
    /// extra core; returns once all calls have returned.
    static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let next = NextChunk()
        let work: @Sendable () -> Void = {
            while true {
                let chunk = next.value.wrappingAdd(1, ordering: .relaxed).oldValue
                guard chunk < count else { return }
                body(chunk)
            }
        }
        let helpers = min(count, ProcessInfo.processInfo.activeProcessorCount) - 1
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<max(helpers, 0) {
            Thread.detachNewThread {
                work()
                finished.signal()
            }
        }
        work()
        for _ in 0..<max(helpers, 0) { finished.wait() }
    }

    /// The next chunk to hand out, shared by the threads.
    private final class NextChunk: Sendable {
        let value = Atomic(0)
    }
}
