import Foundation
import Testing

/// Runs each test case it applies to on a thread of its own (a ``ThreadTaskExecutor`` preferred by the test's
/// task and its child tasks) instead of on the Swift concurrency pool.
///
/// For tests that compute for a long time without suspending. The pool has one thread per core (two on the
/// CI machine) and Swift Testing starts every test of the process at once; a test that computes for seconds
/// holds a pool thread all that time, and every other test waiting to resume (a child process that exited,
/// a timer that fired) queues behind it. A few such suites at the start of a full run held every light
/// test of the process for 10-30 s, past bounds and connect timeouts that take milliseconds alone.
public struct OwnThreadTrait: TestTrait, SuiteTrait, TestScoping {
    /// Applies to every test of a suite it is put on.
    public var isRecursive: Bool { true }

    /// Runs `function` with a fresh thread executor preferred, then lets its thread end.
    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await function() }
        let executor = ThreadTaskExecutor(name: "test: \(test.name)")
        defer { executor.stop() }
        try await withTaskExecutorPreference(executor) { try await function() }
    }
}

extension OwnThreadTrait {
    /// The name of the trait's thread running the caller (`test: ` and the test's name), or nil when the
    /// caller runs on any other thread.
    public static var nameOfCurrentThread: String? {
        Thread.current.threadDictionary[ThreadTaskExecutor.nameKey] as? String
    }
}

extension Trait where Self == OwnThreadTrait {
    /// Runs each test case on a thread of its own, off the concurrency pool: for tests that compute for
    /// seconds without suspending (see ``OwnThreadTrait``).
    public static var ownThread: Self { OwnThreadTrait() }
}
