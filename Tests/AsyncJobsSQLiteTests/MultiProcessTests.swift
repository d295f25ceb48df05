import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting
import Foundation
import Testing

/// Several OS processes (`aj-test-worker`) sharing one store file.
@Suite(.serialized, .timeLimit(.minutes(2))) struct MultiProcessTests {
    @Test func maxConcurrentHoldsAcrossProcessesAndEachTaskRunsOnce() async throws {
        let files = TemporaryStorePath()
        let store = try SQLiteStore(path: files.store)
        try await store.createQueue(Queue(name: "shared", maxConcurrent: 3, maxRunTime: .seconds(30)))

        // Four processes with three local slots each: twelve slots against a global limit of three. The work
        // arrives once all of them are polling, so every process competes for it from the start.
        let workers = try (1...4).map { index in
            try TestWorkerProcess(["work", "--store", files.store, "--queue", "shared", "--name", "proc\(index)",
                                   "--sleep-ms", "150", "--concurrency", "3"], log: files.file("proc\(index).log"))
        }
        for worker in workers {
            #expect(await worker.waitForLine("ready"), "worker log:\n\(worker.logTail)")
        }
        try await store.enqueue((1...45).map { JobTask(id: "task\($0)", type: "sleep", queue: "shared") })
        for worker in workers {
            #expect(try await worker.waitForExit(timeout: .seconds(90)) == 0, "worker log:\n\(worker.logTail)")
        }

        let tasks = try await store.tasks(TaskFilter(queue: "shared", limit: 100))
        #expect(tasks.count == 45)
        #expect(tasks.allSatisfy { $0.state == .complete }, "states: \(Set(tasks.map(\.state)))")
        var attempts: [Attempt] = []
        for task in tasks {
            let history = try await store.attempts(taskID: task.id)
            #expect(history.count == 1, "task \(task.id) ran \(history.count) times")
            #expect(history.first?.outcome == .complete)
            attempts += history
        }
        let peak = Self.peakConcurrency(attempts)
        #expect(peak <= 3, "MaxConcurrent 3 was exceeded: \(peak) attempts overlapped")
        #expect(peak == 3, "the limit was reached")
        let processes = Set(attempts.map(\.worker))
        #expect(processes.count >= 3, "work was shared between processes: \(processes.sorted())")
    }

    @Test func taskOfAKilledWorkerCompletesElsewhereAfterMaxRunTime() async throws {
        let files = TemporaryStorePath()
        let store = try SQLiteStore(path: files.store)
        try await store.createQueue(Queue(name: "fragile", maxConcurrent: 1, maxRunTime: .seconds(5)))
        try await store.enqueue([JobTask(id: "victim-task", type: "sleep", queue: "fragile")])

        // The handler sleeps 4.5 s, within MaxRunTime: only the kill can stop this attempt. Not shorter: a clean
        // CI run's test was starved for the 1.5 s it used to sleep between seeing it run and the kill.
        let victim = try TestWorkerProcess(["work", "--store", files.store, "--queue", "fragile", "--name", "victim",
                                            "--sleep-ms", "4500"], log: files.file("victim.log"))
        try await eventually(timeout: .seconds(30), "the victim starts the task") {
            try await store.attempts(taskID: "victim-task").first?.outcome == .running
        }
        victim.killHard()
        #expect(try await store.task(id: "victim-task").state == .active, "the dead worker's lease still holds")

        let rescuer = try TestWorkerProcess(["work", "--store", files.store, "--queue", "fragile", "--name", "rescuer",
                                             "--sleep-ms", "100"], log: files.file("rescuer.log"))
        #expect(try await rescuer.waitForExit(timeout: .seconds(60)) == 0, "rescuer log:\n\(rescuer.logTail)")

        #expect(try await store.task(id: "victim-task").state == .complete)
        let history = try await store.attempts(taskID: "victim-task")
        #expect(history.map(\.worker) == ["victim", "rescuer"])
        #expect(history.map(\.outcome) == [.interrupted, .complete])
        #expect(history.first?.error == AttemptRules.interruptedError)
        if history.count == 2 {
            #expect(history[1].started - history[0].started >= .seconds(5) + Claim.leaseGrace,
                    "the task was rescued only after MaxRunTime and the lease grace")
        }
    }

    /// The most attempts running at one instant, from their start and end times. Ends sort before starts
    /// at the same instant: a slot freed by a commit can be reused by the next one.
    static func peakConcurrency(_ attempts: [Attempt]) -> Int {
        var changes: [(time: Timestamp, delta: Int)] = []
        for attempt in attempts {
            changes.append((attempt.started, 1))
            changes.append((attempt.ended ?? .now, -1))
        }
        changes.sort { ($0.time, $0.delta) < ($1.time, $1.delta) }
        var running = 0
        var peak = 0
        for change in changes {
            running += change.delta
            peak = max(peak, running)
        }
        return peak
    }
}
