import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// MaxConcurrent holds across worker processes that start and die, and a limit changed live with
    /// `ajc queue configure` applies within one second, lowered or raised.
    @Suite struct LimitUnderChurn {
        @Test(.timeLimit(.minutes(10)))
        func maxConcurrentHoldsWhileProcessesChurnAndAppliesWithinASecond() async throws {
            try await Workbench.with { bench in try await churn(bench) }
        }

        private func churn(_ bench: Workbench) async throws {
            let store = try bench.openStore()
            // MaxRunTime 1 s: a killed worker's leases (MaxRunTime + 1 s grace) are free again 2 s later.
            try await store.createQueue(Queue(name: "limited", maxConcurrent: 4, maxRunTime: .seconds(1)))
            try await store.enqueue((1...3000).map { JobTask(id: "c\($0)", type: "sleep", queue: "limited", maxTries: 0) })
            var random = SeededRandom(seed: SoakSettings.seed)
            var serial = 0
            func spawn() throws -> SpawnedProcess {
                serial += 1
                return try bench.startWorker(queue: "limited", name: "c\(serial)", concurrency: 4,
                                             sleepMilliseconds: 100 + Int(random.next() % 150))
            }
            // Three processes with four slots each: twelve slots against a limit of four, then two, then six.
            var workers = try (0..<3).map { _ in try spawn() }
            var deaths: [Int32: Int64] = [:]
            func churn(for duration: Duration) async throws {
                let end = ContinuousClock.now + duration
                while ContinuousClock.now < end {
                    try await Task.sleep(for: .milliseconds(400 + Int(random.next() % 400)))
                    let victim = Int(random.next() % UInt64(workers.count))
                    await workers[victim].killHard()
                    deaths[workers[victim].pid] = Timestamp.now.nanoseconds
                    workers[victim] = try spawn()
                }
            }

            let start = Timestamp.now
            try await churn(for: .seconds(4))
            try await bench.ajcOK("queue", "configure", "limited", "--concurrent", "2")
            let lowered = Timestamp.now
            try await churn(for: .seconds(4))
            // Dead leases count against the limit until they run out; let the last ones expire before
            // raising, so that reaching the new limit measures the change and not the kills.
            try await Task.sleep(for: .seconds(2.5))
            // The change commits while ajc runs: before `raised`, after `raising`.
            let raising = Timestamp.now
            try await bench.ajcOK("queue", "configure", "limited", "--concurrent", "6")
            let raised = Timestamp.now
            // Processes keep starting while the raised limit is measured.
            try await Task.sleep(for: .seconds(2))
            workers.append(try spawn())
            try await Task.sleep(for: .seconds(2))
            let end = Timestamp.now
            for worker in workers {
                await worker.killHard()
                deaths[worker.pid] = Timestamp.now.nanoseconds
            }

            let tasks = try await store.tasks(TaskFilter(queue: "limited", limit: 10_000))
            let audit = try await AttemptAudit(store: store, tasks: tasks.filter { $0.tries > 0 })
            let executions = try ExecutionHistory(path: bench.executionLog, deaths: deaths)
            let second: Duration = .seconds(1)
            let phases: [(name: String, limit: Int, window: ClosedRange<Timestamp>)] = [
                ("limit 4", 4, start...lowered),
                ("lowered to 2, after 1 s", 2, (lowered + second)...raising),
                ("raised to 6", 6, raised...end),
            ]
            var figures: [String] = []
            for phase in phases {
                let leases = audit.peakLeases(startingIn: phase.window)
                let running = executions.peakConcurrency(startingIn: phase.window.lowerBound.nanoseconds...phase.window.upperBound.nanoseconds)
                #expect(leases <= phase.limit, "\(phase.name): \(leases) leases held at once")
                #expect(running <= phase.limit, "\(phase.name): \(running) handlers ran at once")
                figures.append("\(phase.name): peak leases \(leases), peak handlers \(running)")
            }
            // Raising takes effect within a second: the new limit is reached in the second after it.
            let reached = audit.peakLeases(startingIn: raised...(raised + second))
            #expect(reached == 6, "within 1 s of raising to 6 the peak was \(reached)")
            #expect(audit.overlaps.isEmpty && executions.overlaps.isEmpty, "no task ran twice at once")
            #expect(try await bench.integrityCheck() == "ok")
            SoakSettings.report("limit under churn: \(deaths.count) worker processes killed or stopped, \(audit.total) attempts; "
                                + figures.joined(separator: "; ") + "; peak within 1 s of raising \(reached)")
        }
    }
}
