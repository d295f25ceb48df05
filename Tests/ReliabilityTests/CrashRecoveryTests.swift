import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// Heartbeat leases: a dead or frozen worker's task comes back within the lease window, whatever the
    /// queue's MaxRunTime; a frozen worker's work is stopped before another worker runs the task; a live one
    /// keeps its short lease on a busy store; and a terminate ends with only ajtop watching.
    @Suite struct CrashRecovery {
        /// One line of the workers' execution log: mark, task, pid, wall-clock nanoseconds.
        struct LogLine: Equatable {
            var mark: String
            var task: String
            var pid: Int32
            var nanoseconds: Int64
        }

        static func lines(_ path: String) -> [LogLine] {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { line in
                let fields = line.split(separator: " ")
                guard fields.count == 4, let pid = Int32(fields[2]), let time = Int64(fields[3]) else { return nil }
                return LogLine(mark: String(fields[0]), task: String(fields[1]), pid: pid, nanoseconds: time)
            }
        }

        /// Gone, or a zombie waiting for a container's init to reap it.
        static func isDead(_ pid: Int32) -> Bool {
            kill(pid, 0) != 0
                || (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") == true
        }

        @Test(.timeLimit(.minutes(3)))
        func aKilledWorkersTaskRunsAgainWithinTwentySecondsThoughMaxRunTimeIsAnHour() async throws {
            try await Workbench.with { bench in
                let store = try bench.openStore()
                try await store.createQueue(Queue(name: "hour", maxRunTime: .seconds(3600)))
                try await store.enqueue([JobTask(id: "long", type: "sleep", queue: "hour")])
                let victim = try bench.startWorker(queue: "hour", name: "victim", concurrency: 1, sleepMilliseconds: 3_600_000)
                try await eventually(timeout: .seconds(30), "the victim to run the task") {
                    try await store.task(id: "long").state == .active
                }
                _ = try bench.startWorker(queue: "hour", name: "survivor", concurrency: 1, sleepMilliseconds: 100)
                try await Task.sleep(for: .seconds(2))
                await victim.killHard()
                let killed = Timestamp.now
                try await eventually(timeout: .seconds(40), "the task to complete elsewhere") {
                    try await store.task(id: "long").state == .complete
                }
                let attempts = try await store.attempts(taskID: "long")
                #expect(attempts.map(\.outcome) == [.interrupted, .complete])
                #expect(attempts.map(\.worker) == ["victim", "survivor"])
                let comeback = attempts[1].started - killed
                #expect(comeback < .seconds(20), "back within 20 s of the kill with the default 15 s window: \(comeback)")
                SoakSettings.report("crash recovery (SIGKILL, MaxRunTime 1h, default 15 s window): the task ran again \(SoakSettings.seconds(comeback)) after the kill; history interrupted, complete")
            }
        }

        /// An in-process handler: frozen with SIGSTOP past its 3 s window, the worker loses the lease to
        /// another; woken with SIGCONT, its handler is cancelled within a renewal interval and its late result refused.
        @Test(.timeLimit(.minutes(3)))
        func aFrozenWorkersHandlerIsCancelledOnWakingAndItsLateResultIsRefused() async throws {
            try await Workbench.with { bench in
                let store = try bench.openStore()
                try await store.createQueue(Queue(name: "frozen", maxRunTime: .seconds(3600)))
                try await store.enqueue([JobTask(id: "cold", type: "sleep", queue: "frozen")])
                let sleeper = try bench.startWorker(queue: "frozen", name: "sleeper", concurrency: 1,
                                                    sleepMilliseconds: 3_600_000, lease: .seconds(3))
                try await eventually(timeout: .seconds(30), "the sleeper to run the task") {
                    try await store.task(id: "cold").state == .active
                }
                sleeper.signal(SIGSTOP)
                let stopped = Timestamp.now
                _ = try bench.startWorker(queue: "frozen", name: "awake", concurrency: 1, sleepMilliseconds: 200, lease: .seconds(3))
                try await eventually(timeout: .seconds(30), "another worker to complete the task") {
                    try await store.task(id: "cold").state == .complete
                }
                let takenOver = try await store.attempts(taskID: "cold")[1].started - stopped
                sleeper.signal(SIGCONT)
                let woken = Timestamp.now.nanoseconds
                try await eventually(timeout: .seconds(10), "the woken handler to be cancelled") {
                    Self.lines(bench.executionLog).contains { $0.mark == "C" && $0.pid == sleeper.pid }
                }
                let cancelled = try #require(Self.lines(bench.executionLog).first { $0.mark == "C" && $0.pid == sleeper.pid })
                let afterWaking = Duration.nanoseconds(cancelled.nanoseconds - woken)
                // At the latest at the renewal after waking's next: a renewal in flight when the worker froze
                // completes on waking, and the next one, an interval (1 s for a 3 s window) later, finds the
                // lease gone (a clean CI run measured 1.0018 s). A handler not cancelled runs for an hour.
                #expect(afterWaking < LeaseHeartbeat(window: .seconds(3)).renewalInterval + .milliseconds(500),
                        "cancelled within a renewal interval of waking: \(afterWaking)")
                try await Task.sleep(for: .seconds(1))
                let task = try await store.task(id: "cold")
                #expect(task.state == .complete, "the final state comes from the new attempt alone")
                let attempts = try await store.attempts(taskID: "cold")
                #expect(attempts.map(\.outcome) == [.interrupted, .complete], "the late result was refused: \(attempts)")
                #expect(attempts.map(\.worker) == ["sleeper", "awake"])
                #expect(sleeper.status == nil, "the woken worker lives on: \(sleeper.stderr)")
                SoakSettings.report("crash recovery (SIGSTOP, in-process handler, 3 s window): another worker took the task \(SoakSettings.seconds(takenOver)) after the stop; after SIGCONT the handler was cancelled in \(SoakSettings.seconds(afterWaking)); history interrupted, complete")
            }
        }

        /// An `ajc task process` command: its worker frozen, the command is killed by its watchdog before
        /// the lease runs out, so it never runs beside the next attempt (issue 14, item 2). Twice: a 3 s
        /// window under an hour of MaxRunTime, and the issue's own case, MaxRunTime 2 s with the default
        /// window (the lease is then MaxRunTime + 1 s).
        @Test(.timeLimit(.minutes(3)), arguments: [("1h", ["--lease", "3s"]), ("2s", [])])
        func aFrozenAjcWorkersCommandIsDeadBeforeAnotherWorkerRunsItsTask(runTime: String, lease: [String]) async throws {
            try await Workbench.with { bench in
                try await bench.ajcOK("queue", "add", "frozen", "--run-time", runTime)
                try await bench.ajcOK("task", "add", "slow", "-q", "frozen", "--id", "slow")
                let log = bench.file("commands.log")
                let ajc = try ProductBinary.path("ajc", override: "AJC_BINARY")
                func command(_ body: String) -> String { "echo \"S slow $$ $(date +%s%N)\" >> \(log); \(body)" }
                let frozen = try bench.start(ajc, ["task", "process", "slow", "frozen", "1"] + lease
                                             + [command("sleep 30; echo \"E slow $$ $(date +%s%N)\" >> \(log)")])
                try await eventually(timeout: .seconds(30), "the command to start") { Self.lines(log).count == 1 }
                let first = Self.lines(log)[0]
                frozen.signal(SIGSTOP)
                let stopped = Timestamp.now.nanoseconds
                let awake = try bench.start(ajc, ["task", "process", "slow", "frozen", "1"] + lease + [command("echo done")])
                var seenDead: Int64?
                let store = try bench.openStore()
                try await eventually(timeout: .seconds(30), "another worker to complete the task") {
                    if seenDead == nil, Self.isDead(first.pid) { seenDead = Timestamp.now.nanoseconds }
                    return try await store.task(id: "slow").state == .complete
                }
                let died = try #require(seenDead, "the frozen worker's command was killed")
                let second = try #require(Self.lines(log).first { $0.pid != first.pid }, "the second run")
                #expect(died < second.nanoseconds, "the frozen worker's command was dead before the next run began")
                frozen.signal(SIGCONT)
                try await Task.sleep(for: .seconds(2))
                #expect(!Self.lines(log).contains { $0.mark == "E" && $0.pid == first.pid }, "the first run never finished")
                #expect(try await store.task(id: "slow").state == .complete)
                let attempts = try await store.attempts(taskID: "slow")
                #expect(attempts.map(\.outcome) == [.interrupted, .complete], "the late result was refused: \(attempts)")
                #expect(frozen.status == nil, "the woken worker lives on: \(frozen.stderr)")
                SoakSettings.report("crash recovery (SIGSTOP, ajc task process, MaxRunTime \(runTime), \(lease.isEmpty ? "default window" : lease.joined(separator: " "))): the frozen worker's command died \(SoakSettings.seconds(.nanoseconds(died - stopped))) after the stop, \(SoakSettings.seconds(.nanoseconds(second.nanoseconds - died))) before the next run began; history interrupted, complete")
                await awake.killHard()
            }
        }

        /// Sixty seconds of work under a 3 s window while other processes keep the store's writer busy:
        /// the lease is never lost.
        @Test(.timeLimit(.minutes(4)))
        func aMinuteLongHandlerNeverLosesItsThreeSecondLeaseOnABusyStore() async throws {
            try await Workbench.with { bench in
                let store = try bench.openStore()
                try await store.createQueue(Queue(name: "long", maxRunTime: .seconds(3600)))
                try await store.createQueue(Queue(name: "busy", maxConcurrent: 100))
                try await store.enqueue([JobTask(id: "minute", type: "sleep", queue: "long")])
                _ = try bench.startWorker(queue: "long", name: "steady", concurrency: 1, sleepMilliseconds: 60_000, lease: .seconds(3))
                try await eventually(timeout: .seconds(30), "the minute to start") {
                    try await store.task(id: "minute").state == .active
                }
                // A rival ready to rescue the moment the lease ran out, and writers keeping the store busy.
                _ = try bench.startWorker(queue: "long", name: "rival", concurrency: 1, sleepMilliseconds: 10, lease: .seconds(3))
                for index in 0..<2 {
                    _ = try bench.startWorker(queue: "busy", name: "busy\(index)", concurrency: 8, sleepMilliseconds: 5)
                }
                var enqueued = 0
                let started = ContinuousClock.now
                while try await store.task(id: "minute").state == .active, ContinuousClock.now - started < .seconds(90) {
                    try await store.enqueue((0..<50).map { JobTask(id: "b\(enqueued + $0)", type: "sleep", queue: "busy") })
                    enqueued += 50
                    try await Task.sleep(for: .milliseconds(100))
                }
                let attempts = try await store.attempts(taskID: "minute")
                #expect(attempts.map(\.outcome) == [.complete], "zero interrupted attempts: \(attempts)")
                #expect(attempts.first?.worker == "steady")
                let took = attempts.first.flatMap { attempt in attempt.ended.map { $0 - attempt.started } } ?? .zero
                #expect(took >= .seconds(60))
                let busy = try await store.countTasks(TaskFilter(queue: "busy", states: [.complete]))
                SoakSettings.report("crash recovery (busy store): a \(SoakSettings.seconds(took)) handler kept its 3 s lease while \(busy) other tasks completed and \(enqueued) were enqueued; attempts: complete")
            }
        }

        /// The dead worker's queue has no worker; only an ajtop is open: the asked terminate still ends
        /// within the lease window and 5 s.
        @Test(.timeLimit(.minutes(3)), .enabled(if: Workbench.ajtopIsBuilt, "needs the ajtop binary"))
        func aTerminateOfADeadWorkersTaskEndsWithOnlyAjtopOpen() async throws {
            try await Workbench.with { bench in
                let store = try bench.openStore()
                try await store.createQueue(Queue(name: "orphaned", maxRunTime: .seconds(3600)))
                try await store.enqueue([JobTask(id: "stuck", type: "sleep", queue: "orphaned")])
                let worker = try bench.startWorker(queue: "orphaned", name: "doomed", concurrency: 1,
                                                   sleepMilliseconds: 3_600_000, lease: .seconds(3))
                try await eventually(timeout: .seconds(30), "the task to run") { try await store.task(id: "stuck").state == .active }
                await worker.killHard()
                let killed = ContinuousClock.now
                let asked = try await bench.ajcOK("task", "terminate", "stuck")
                let ajtop = try bench.start(try ProductBinary.path("ajtop", override: "AJTOP_BINARY"),
                                            ["--batch", "--iterations", "100000", "--refresh", "1s", "--width", "80", "--height", "24"])
                try await eventually(timeout: .seconds(30), "the task to end terminated") {
                    try await store.task(id: "stuck").state == .terminated
                }
                let took = ContinuousClock.now - killed
                #expect(took < .seconds(3) + .seconds(5), "within the lease window + 5 s: \(took)")
                #expect(asked.stdout.hasPrefix("Asked worker doomed to terminate task stuck"), "the lease still ran when asked: \(asked)")
                #expect(try await store.attempts(taskID: "stuck").map(\.outcome) == [.interrupted])
                await ajtop.killHard()
                SoakSettings.report("crash recovery (terminate, only ajtop open, 3 s window): terminated \(SoakSettings.seconds(took)) after the worker's kill (ajc said: \(asked.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))")
            }
        }
    }
}
