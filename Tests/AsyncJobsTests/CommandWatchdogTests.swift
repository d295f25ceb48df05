@testable import AsyncJobs
import Foundation
import Logging
import Testing

/// The watchdog beside every command kills it when its worker stops renewing the attempt's lease.
@Suite struct CommandWatchdogTests {
    let task = JobTask(id: "task-1", type: "slow", queue: "Q")

    func context(_ heartbeat: LeaseHeartbeat) -> HandlerContext {
        HandlerContext(deadline: .now + .seconds(60), attempt: 1, worker: "test", logger: Logger(label: "test"),
                       heartbeat: heartbeat)
    }

    @Test func aCommandWhoseWorkerStopsBeatingIsKilledWithinTheSilenceLimit() async throws {
        let heartbeat = LeaseHeartbeat(window: .milliseconds(1500))
        let started = ContinuousClock.now
        await #expect(throws: ShellCommandHandlerError.failed("command killed by signal 9")) {
            try await ShellCommandHandler(command: "sleep 20").run(task, context: context(heartbeat))
        }
        let lived = ContinuousClock.now - started
        #expect(lived >= heartbeat.silenceLimit - .milliseconds(200), "not before the limit: \(lived)")
        #expect(lived < heartbeat.window, "dead before the lease could run out: \(lived)")
    }

    @Test func aCommandWhoseWorkerKeepsBeatingRunsToTheEnd() async throws {
        let heartbeat = LeaseHeartbeat(window: .seconds(3))
        let beating = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: heartbeat.renewalInterval)
                heartbeat.beat()
            }
        }
        defer { beating.cancel() }
        let output = try await ShellCommandHandler(command: "sleep 5; echo finished").run(task, context: context(heartbeat))
        #expect(output == "finished", "five seconds, well past the silence limit, with beats every second")
    }

    @Test(arguments: [(Duration.seconds(15), "1.000", "10"), (.seconds(3), "0.250", "8"), (.milliseconds(600), "0.100", "4")])
    func theTimerTicksShortAgainstTheSilenceLimit(window: Duration, tick: String, ticks: String) {
        let timing = ShellCommandHandler.WatchdogTiming(heartbeat: LeaseHeartbeat(window: window))
        #expect(timing.tick == tick)
        #expect(timing.ticks == ticks)
    }
}
