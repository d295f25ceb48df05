import AsyncJobs
import AsyncJobsTesting
import Testing

/// The pool keeps short leases alive for as long as its handlers run, and stops a handler whose lease it
/// finds gone.
@Suite struct LeaseRenewalTests {
    @Test func aLongHandlerKeepsItsShortLeaseAndItsCommandsHearTheBeats() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work", maxRunTime: .seconds(3600)))
        let gate = Gate()
        let beats = ConcurrencyMeter()
        let pool = try fixture.pool(leaseWindow: .seconds(3)) {
            try $0.register("") { _, context in
                let listener = context.heartbeat?.addListener { beats.enter() }
                await gate.wait()
                if let listener { context.heartbeat?.removeListener(listener) }
                return .null
            }
        }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "long", type: "x", queue: "work")])
        try await fixture.wait("long", is: .active)
        let claimedAt = fixture.clock.now()
        // Sixty seconds of clock time with a 3 s window: a rival that would rescue an expired lease finds
        // nothing to take at every step.
        for _ in 1...240 {
            fixture.clock.advance(by: .milliseconds(250))
            for _ in 0..<20 { await Task.yield() }
            try await Task.sleep(for: .milliseconds(2))
            let rival = try await fixture.store.claim(queue: "work", upTo: 1, worker: "rival", leaseWindow: .seconds(3))
            #expect(rival.isEmpty, "the lease was rescued after \(fixture.clock.now() - claimedAt)")
            if !rival.isEmpty { break }
        }
        let lease = try #require(try await fixture.store.lease(taskID: "long"))
        #expect(lease.expires > fixture.clock.now(), "the lease is still ahead after 60 s")
        #expect(lease.expires - fixture.clock.now() <= .seconds(3), "and never more than a window ahead")
        #expect(beats.total >= 50, "about one beat per second of the minute: \(beats.total)")
        gate.open()
        try await fixture.wait("long", is: .complete)
        #expect(try await fixture.store.attempts(taskID: "long").map(\.outcome) == [.complete], "zero interrupted attempts")
        pool.stop()
        try await run.value
    }

    @Test func aHandlerWhoseLeaseIsFoundGoneIsCancelledAtTheNextRenewal() async throws {
        let fixture = PoolFixture()
        try await fixture.store.createQueue(Queue(name: "work", maxRunTime: .seconds(3600)))
        let cancelled = ConcurrencyMeter()
        let clock = fixture.clock
        let pool = try fixture.pool(leaseWindow: .seconds(3)) {
            try $0.register("") { _, _ in
                do { try await clock.sleep(until: clock.now() + .seconds(7200)) } catch { cancelled.enter(); throw error }
                return .null
            }
        }
        let run = fixture.start(pool)
        try await fixture.store.enqueue([JobTask(id: "gone", type: "x", queue: "work")])
        try await fixture.wait("gone", is: .active)
        // The task leaves the store under the running attempt, as when another process rescued it and an
        // operator removed it: the next renewal finds the lease gone.
        try await fixture.store.deleteTask(id: "gone")
        // Clock time moves in small steps until the handler is cancelled: one renewal round at most.
        var waited = Duration.zero
        while cancelled.total == 0, waited < .seconds(4) {
            fixture.clock.advance(by: .milliseconds(100))
            waited += .milliseconds(100)
            for _ in 0..<20 { await Task.yield() }
            try await Task.sleep(for: .milliseconds(2))
        }
        #expect(cancelled.total == 1)
        // One renewal interval (1 s) idle; the clock's steps race the renewal task, and a clean CI run measured
        // 1.2 s. Two intervals still fail a handler left running until its lease ran out (3 s).
        #expect(waited <= .seconds(2), "cancelled within a renewal interval or two (a third of the window each): \(waited)")
        try await eventually("the slot to be freed") { pool.snapshot.slots.isEmpty }
        #expect(pool.snapshot.finished[.interrupted] == 1, "counted as interrupted")
        pool.stop()
        try await run.value
    }
}
