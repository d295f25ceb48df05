import Foundation

/// A task executor with one thread of its own, so that a test computing for seconds runs there instead of on
/// one of the Swift concurrency pool's threads (see ``OwnThreadTrait``).
///
/// Jobs run in the order they arrive. After ``stop()`` the thread ends once its queue is empty, and a job
/// enqueued later (a task that outlived the test's scope) goes to the global concurrent executor instead,
/// so nothing is ever stranded.
final class ThreadTaskExecutor: TaskExecutor, @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    /// The key under which the thread's dictionary holds its `name` (`Thread.name` does not reliably reach
    /// the thread on Linux), so a test can tell where it runs.
    static let nameKey = "ThreadTaskExecutor.name"

    init(name: String) {
        Thread.detachNewThread { [self] in
            Thread.current.threadDictionary[Self.nameKey] = name
            runJobs()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        defer { condition.unlock() }
        if stopped {
            globalConcurrentExecutor.enqueue(job)
            return
        }
        jobs.append(job)
        condition.signal()
    }

    /// Lets the thread end once it has run every job already enqueued.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func runJobs() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            guard !jobs.isEmpty else {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
