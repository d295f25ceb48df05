import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// Worker processes SIGKILLed at random while tasks flow: nothing is lost, nothing runs twice at once.
    @Suite struct CrashSoak {
        @Test(.timeLimit(.minutes(60)))
        func killedWorkersLoseNothingAndNeverRunATaskTwiceAtOnce() async throws {
            try await Workbench.with { bench in try await soak(bench) }
        }

        /// `ajc task process` runs each command in a process group of its own, which a SIGKILL of the worker
        /// does not reach: the command must still die with its worker, or it runs on alongside the attempt
        /// that rescues its task once the lease runs out.
        @Test(.timeLimit(.minutes(5)))
        func aKilledAjcWorkerTakesItsRunningCommandWithIt() async throws {
            try await Workbench.with { bench in
                try await bench.ajcOK("queue", "add", "orphans", "--run-time", "1s")
                try await bench.ajcOK("task", "add", "slow", "-q", "orphans", "--id", "slow")
                let pidFile = bench.file("command.pid")
                let worker = try bench.start(try ProductBinary.path("ajc", override: "AJC_BINARY"),
                                             ["task", "process", "slow", "orphans", "1", "echo $$ > \(pidFile); sleep 30"])
                try await eventually(timeout: .seconds(30), "the command to start") {
                    (try? String(contentsOfFile: pidFile, encoding: .utf8))?.hasSuffix("\n") == true
                }
                let command = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
                #expect(kill(command, 0) == 0, "the command runs")
                await worker.killHard()
                try await eventually(timeout: .seconds(5), "the command to die with its worker") {
                    // Gone, or a zombie waiting for a container's init to reap it.
                    kill(command, 0) != 0
                        || (try? String(contentsOfFile: "/proc/\(command)/stat", encoding: .utf8))?.contains(") Z ") == true
                }
                // Its task is rescued as usual.
                let rescuer = try bench.start(try ProductBinary.path("ajc", override: "AJC_BINARY"),
                                              ["task", "process", "slow", "orphans", "1", "true"])
                let store = try bench.openStore()
                try await eventually(timeout: .seconds(30), "the task to be rescued") {
                    try await store.task(id: "slow").state == .complete
                }
                #expect(try await store.attempts(taskID: "slow").map(\.outcome) == [.interrupted, .complete])
                await rescuer.killHard()
            }
        }

        private func soak(_ bench: Workbench) async throws {
            let store = try bench.openStore()
            // MaxRunTime 1 h but a 3 s lease window: a dead worker's lease runs out within 3 s of its last
            // renewal, so rescues happen throughout the run however long MaxRunTime is; a generous limit
            // lets all workers be busy when they are killed.
            try await store.createQueue(Queue(name: "soak", maxConcurrent: 12, maxRunTime: .seconds(3600)))
            let leaseWindow: Duration = .seconds(3)
            let kills = SoakSettings.kills
            let workerCount = 4
            var random = SeededRandom(seed: SoakSettings.seed)
            let started = ContinuousClock.now

            var workers: [SpawnedProcess] = []
            var names: [Int32: String] = [:]
            var serial = 0
            func spawn() throws -> SpawnedProcess {
                serial += 1
                let worker = try bench.startWorker(queue: "soak", name: "w\(serial)", concurrency: 3,
                                                   sleepMilliseconds: 150 + Int(random.next() % 350), lease: leaseWindow)
                names[worker.pid] = "w\(serial)"
                return worker
            }
            for _ in 0..<workerCount { workers.append(try spawn()) }

            var deaths: [Int32: Int64] = [:]
            var killedAt: [String: Timestamp] = [:]
            var enqueued = 0
            for kill in 0..<kills {
                // Tasks keep flowing: a batch before every kill. Unlimited tries: a task unlucky enough to
                // be interrupted ten times must still complete, which is what this soak is about.
                try await store.enqueue((0..<SoakSettings.tasksPerKill).map { index in
                    JobTask(id: "t\(kill)-\(index)", type: "sleep", queue: "soak", maxTries: 0)
                })
                enqueued += SoakSettings.tasksPerKill
                try await Task.sleep(for: .milliseconds(100 + Int(random.next() % 300)))
                let victim = Int(random.next() % UInt64(workers.count))
                let status = await workers[victim].killHard()
                deaths[workers[victim].pid] = Timestamp.now.nanoseconds
                if let name = names[workers[victim].pid] { killedAt[name] = Timestamp.now }
                #expect(status == 128 + SIGKILL, "worker \(workers[victim].arguments) had already exited: \(workers[victim].stderr)")
                workers[victim] = try spawn()
            }
            let killPhase = ContinuousClock.now - started

            // Survivors finish the work, including the last victims' tasks once their leases run out.
            let drainLimit: Duration = .seconds(60) + .milliseconds(enqueued * 40)
            try await eventually(timeout: drainLimit, "every task to complete") {
                try await store.countTasks(TaskFilter(queue: "soak", states: [.complete])) == enqueued
            }
            let duration = ContinuousClock.now - started
            for worker in workers {
                #expect(worker.status == nil, "a worker died on its own: \(worker.stderr)")
                await worker.killHard()
                deaths[worker.pid] = Timestamp.now.nanoseconds
            }

            let tasks = try await store.tasks(TaskFilter(queue: "soak", limit: enqueued + 1000))
            #expect(tasks.count == enqueued, "tasks lost: \(enqueued - tasks.count)")
            #expect(tasks.allSatisfy { $0.state == .complete })
            let audit = try await AttemptAudit(store: store, tasks: tasks)
            let leaseOverlaps = audit.overlaps
            #expect(leaseOverlaps.isEmpty, "attempts of one task overlapped: \(leaseOverlaps.prefix(5))")
            #expect(audit.tasksNotCompletedExactlyOnce.isEmpty, "\(audit.tasksNotCompletedExactlyOnce.prefix(10))")
            let interrupted = audit.count(.interrupted)
            #expect(interrupted > 0, "kills interrupted running attempts, and the history says so")
            let comebacks = audit.comebacks(afterKillsAt: killedAt)
            let meanComeback = comebacks.isEmpty ? .zero : comebacks.reduce(.zero, +) / comebacks.count
            let maxComeback = comebacks.max() ?? .zero
            #expect(!comebacks.isEmpty, "killed attempts ran again")
            #expect(maxComeback < leaseWindow + .seconds(5), "a killed worker's task runs again within about the lease window")

            let executions = try ExecutionHistory(path: bench.executionLog, deaths: deaths)
            let doubleRuns = executions.overlaps
            #expect(doubleRuns.isEmpty, "handler runs of one task overlapped: \(doubleRuns.prefix(5))")
            #expect(executions.byTask.count == enqueued, "every task's handler ran")
            let integrity = try await bench.integrityCheck()
            #expect(integrity == "ok")

            SoakSettings.report("""
                crash soak: \(enqueued) tasks, \(kills) SIGKILLs of \(workerCount) workers in \(SoakSettings.seconds(killPhase)), \
                total \(SoakSettings.seconds(duration)); \
                complete \(tasks.count { $0.state == .complete }), lost \(enqueued - tasks.count); \
                attempts \(audit.total) (interrupted \(interrupted), timeout \(audit.count(.timeout)), failed \(audit.count(.failed))); \
                kill to next attempt (lease window \(SoakSettings.seconds(leaseWindow)), \(comebacks.count) tasks): \
                mean \(SoakSettings.seconds(meanComeback)), max \(SoakSettings.seconds(maxComeback)); \
                handler runs \(executions.count); overlapping attempts \(leaseOverlaps.count); \
                concurrent double-runs \(doubleRuns.count); integrity_check \(integrity)
                """)
        }
    }
}
