import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// The JetStream store's semantics across processes (issue 16, point 4): `ajc task process` workers on
    /// one queue share its MaxConcurrent through the server, and `ajc task terminate` in another process stops
    /// a running handler.
    @Suite struct JetStreamProcesses {
        @Test("three ajc task process workers on one queue never run more than MaxConcurrent handlers at once",
              .timeLimit(.minutes(3)))
        func threeProcessesShareMaxConcurrent() async throws {
            try await withJetStreamWorld(nodes: 1) { bench, store, _ in
                try await store.createQueue(Queue(name: "shared", maxConcurrent: 3, maxRunTime: .seconds(60)))
                let ids = (0..<45).map { "p\($0)" }
                try await store.enqueue(ids.map { JobTask(id: $0, type: "sleep", queue: "shared") })
                let log = bench.executionLog
                // $PPID is the ajc process: the log's pid column names the worker, as aj-test-worker's does.
                let command = #"echo "S $AJ_TASK_ID $PPID $(date +%s%N)" >> "\#(log)"; sleep 0.15; echo "E $AJ_TASK_ID $PPID $(date +%s%N)" >> "\#(log)""#
                let workers = try (0..<3).map { _ in
                    try bench.start(try ProductBinary.path("ajc", override: "AJC_BINARY"),
                                    ["task", "process", "sleep", "shared", "4", command])
                }
                try await eventually(timeout: .seconds(60), "45 handler runs to finish") {
                    CrashRecovery.lines(log).count { $0.mark == "E" } >= ids.count
                }
                for worker in workers { await worker.killHard() }
                let executions = try ExecutionHistory(path: log, deaths: [:])
                let peak = executions.peakConcurrency(startingIn: 0...Int64.max)
                let processes = Set(executions.byTask.values.joined().map(\.pid))
                #expect(peak <= 3, "\(peak) handlers at once against MaxConcurrent 3")
                #expect(peak >= 2, "the processes did run side by side")
                #expect(processes.count >= 2, "work spread over \(processes.count) processes")
                #expect(executions.overlaps.isEmpty)
                SoakSettings.report("jetstream: 3 ajc task process workers × 4 slots, MaxConcurrent 3, 45 tasks: peak \(peak) handlers at once, work in \(processes.count) processes")
            }
        }

        @Test("ajc task terminate in another process stops a running handler within a second", .timeLimit(.minutes(3)))
        func terminateReachesAnotherProcess() async throws {
            try await withJetStreamWorld(nodes: 1) { bench, store, _ in
                try await store.createQueue(Queue(name: "stop", maxRunTime: .seconds(600)))
                try await store.enqueue([JobTask(id: "long", type: "sleep", queue: "stop")])
                let pidFile = bench.file("sleep.pid")
                let command = #"sleep 60 & echo $! > "\#(pidFile)"; wait"#
                _ = try bench.start(try ProductBinary.path("ajc", override: "AJC_BINARY"),
                                    ["task", "process", "sleep", "stop", "1", command])
                try await eventually(timeout: .seconds(30), "the handler to start") {
                    FileManager.default.fileExists(atPath: pidFile)
                        && (try? String(contentsOfFile: pidFile, encoding: .utf8))?.isEmpty == false
                }
                let sleeper = try #require(Int32((try String(contentsOfFile: pidFile, encoding: .utf8))
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
                let asked = ContinuousClock.now
                try await bench.ajcOK("task", "terminate", "long")
                try await eventually(timeout: .seconds(10), "the handler's command to be killed") { CrashRecovery.isDead(sleeper) }
                let stopped = ContinuousClock.now - asked
                #expect(stopped <= .seconds(1), "the handler stopped \(stopped) after ajc task terminate started")
                try await withReader(bench) { reader in
                    try await eventually(timeout: .seconds(10), "the task to read terminated") {
                        try await reader.task(id: "long").state == .terminated
                    }
                }
                SoakSettings.report("jetstream: ajc task terminate of a task running in another ajc task process: its command killed \(SoakSettings.seconds(stopped)) after the terminate command started")
            }
        }
    }
}
