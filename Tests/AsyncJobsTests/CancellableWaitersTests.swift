import AsyncJobs
import AsyncJobsTesting
import Testing

/// The one waiting primitive behind the pool's wake signal, the stores' change waiters and the test clock:
/// each waiter is resumed exactly once, whichever of a resume and its cancellation comes first.
@Suite(.timeLimit(.minutes(1))) struct CancellableWaitersTests {
    /// Yields until `waiters` holds `count` waiters: the tasks under test have registered and suspended.
    private func settle<Tag>(_ waiters: CancellableWaiters<Tag>, at count: Int) async {
        while waiters.count < count { await Task.yield() }
    }

    @Test func aConditionMetByRegistrationTimeReturnsAtOnce() async throws {
        let waiters = CancellableWaiters<Void>()
        try await waiters.wait { true }
        #expect(waiters.count == 0)
    }

    @Test func aTaskCancelledBeforeItWaitsThrowsWithoutRegistering() async {
        let waiters = CancellableWaiters<Void>()
        let waiter = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await waiters.wait { false }
        }
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(waiters.count == 0)
    }

    @Test func cancellingAWaiterResumesItOnceAndUnregistersIt() async {
        let waiters = CancellableWaiters<Void>()
        let waiter = Task { try await waiters.wait { false } }
        await settle(waiters, at: 1)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(waiters.count == 0)
        #expect(waiters.resume() == 0, "nothing is left to resume a second time")
    }

    /// The race itself: resumes and cancellations land on the same waiters at once. A waiter resumed twice
    /// would trap (a checked continuation), one never resumed would hang past the time limit.
    @Test func resumeAndCancellationRacingResumeEveryWaiterExactlyOnce() async {
        let waiters = CancellableWaiters<Int>()
        let count = 200
        let tasks = (0..<count).map { index in
            Task { () -> Bool in
                do {
                    try await waiters.wait(tag: index) { false }
                    return true
                } catch {
                    return false
                }
            }
        }
        await settle(waiters, at: count)
        async let resumed = Task { waiters.resume(where: { $0.isMultiple(of: 2) }) + waiters.resume() }.value
        for task in tasks.reversed() { task.cancel() }
        var returned = 0
        for task in tasks where await task.value { returned += 1 }
        #expect(await resumed == returned, "every resume the owner counted reached a waiter that returned")
        #expect(waiters.count == 0)
    }

    @Test func theManualClockWakesSleepersWhoseDeadlineCameAndLetsCancelledOnesGo() async throws {
        let clock = ManualClock()
        let start = clock.now()
        let early = Task { try await clock.sleep(until: start + .seconds(1)) }
        let late = Task { try await clock.sleep(until: start + .seconds(3)) }
        let cancelled = Task { try await clock.sleep(until: start + .seconds(2)) }
        while clock.sleeperCount < 3 { await Task.yield() }
        #expect(clock.nextDeadline == start + .seconds(1))
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        clock.advance(by: .seconds(2))
        try await early.value
        #expect(clock.sleeperCount == 1)
        #expect(clock.nextDeadline == start + .seconds(3))
        late.cancel()
        await #expect(throws: CancellationError.self) { try await late.value }
        #expect(clock.sleeperCount == 0)
    }
}
