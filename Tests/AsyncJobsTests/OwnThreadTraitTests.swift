import AsyncJobsTesting
import Foundation
import Testing

/// `.ownThread` runs a test on a thread of its own: a synchronous body, an asynchronous one after it
/// suspends, and its child tasks; a test without it runs on the concurrency pool.
@Suite struct OwnThreadTraitTests {
    /// The name of the own thread running the caller, nil on any other thread (`Thread.current` is not for
    /// async code directly).
    static func ownThreadName() -> String? { OwnThreadTrait.nameOfCurrentThread }

    @Test(.ownThread) func aSynchronousBodyRunsOnTheTestsThread() {
        #expect(Self.ownThreadName() == "test: aSynchronousBodyRunsOnTheTestsThread()")
    }

    @Test(.ownThread) func anAsynchronousBodyStaysThereAcrossSuspensionsAndInChildTasks() async {
        let name = Self.ownThreadName()
        #expect(name == "test: anAsynchronousBodyStaysThereAcrossSuspensionsAndInChildTasks()")
        await Task.yield()
        #expect(Self.ownThreadName() == name)
        async let child = Self.ownThreadName()
        #expect(await child == name)
    }

    @Test func withoutItATestRunsOnThePool() async {
        #expect(Self.ownThreadName() == nil)
    }
}
