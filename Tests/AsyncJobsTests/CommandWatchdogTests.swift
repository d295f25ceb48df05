@testable import AsyncJobs
import Foundation
import Logging
import Synchronization
import Testing

/// The watchdog beside every command kills it when its worker stops renewing the attempt's lease.
@Suite struct CommandWatchdogTests {
    let task = JobTask(id: "task-1", type: "slow", queue: "Q")

    func context(_ heartbeat: LeaseHeartbeat) -> HandlerContext {
        HandlerContext(deadline: .now + .seconds(60), attempt: 1, worker: "test", logger: Logger(label: "test"),
                       heartbeat: heartbeat)
    }

    @Test func aCommandWhoseWorkerStopsRenewingIsKilledWithinTheSilenceLimit() async throws {
        let heartbeat = LeaseHeartbeat(window: .seconds(3))
        let started = ContinuousClock.now
        await #expect(throws: ShellCommandHandlerError.failed("command killed by signal 9")) {
            try await ShellCommandHandler(command: "sleep 20").run(task, context: context(heartbeat))
        }
        // The bound that matters, dead before the lease runs out, is measured from outside the worker by
        // CrashRecovery; here a loaded machine may delay this process's own view of the end.
        let lived = ContinuousClock.now - started
        #expect(lived >= heartbeat.silenceLimit - .milliseconds(100), "not before the limit: \(lived)")
        #expect(lived < .seconds(20), "killed, not run to its end: \(lived)")
    }

    @Test func aCommandWhoseWorkerKeepsRenewingRunsToTheEnd() async throws {
        let heartbeat = LeaseHeartbeat(window: .seconds(6))
        // Beats from a thread of its own, every second: a test process whose task pool is starved on a
        // loaded machine must not look like a frozen worker.
        let stop = Mutex(false)
        Thread.detachNewThread {
            while !stop.withLock({ $0 }) {
                Thread.sleep(forTimeInterval: 1)
                heartbeat.beat()
            }
        }
        defer { stop.withLock { $0 = true } }
        let output = try await ShellCommandHandler(command: "sleep 5; echo finished").run(task, context: context(heartbeat))
        #expect(output == "finished", "past the 4 s silence limit, renewed every second")
    }

    @Test func noRenewalOutlivesTheAttemptsMaxRunTime() async throws {
        let heartbeat = LeaseHeartbeat(window: .seconds(60))
        let short = HandlerContext(deadline: .now + .seconds(1), attempt: 1, worker: "test", logger: Logger(label: "test"),
                                   heartbeat: heartbeat)
        let started = ContinuousClock.now
        await #expect(throws: ShellCommandHandlerError.failed("command killed by signal 9")) {
            try await ShellCommandHandler(command: "sleep 60").run(task, context: short)
        }
        let lived = ContinuousClock.now - started
        #expect(lived < .seconds(20), "killed at the attempt's 1 s deadline, not the window's 40 s silence limit: \(lived)")
    }

    @Test(arguments: [(Duration.seconds(15), "0.500"), (.seconds(3), "0.200"), (.milliseconds(600), "0.100")])
    func theWatchdogLooksOftenAgainstTheSilenceLimit(window: Duration, tick: String) {
        #expect(WatchdogDeadline.tick(for: LeaseHeartbeat(window: window)) == tick)
    }
}
