import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// Another program holds the store's write lock for seconds: workers wait and carry on, ajc waits up to
    /// the busy timeout (5 s) and then fails with one line, changing nothing.
    @Suite(.enabled(if: Workbench.hasSQLite3Shell, "needs the sqlite3 shell to hold the lock"))
    struct LockedStore {
        @Test(.timeLimit(.minutes(10)))
        func workersWaitForAHeldWriteLockAndContinue() async throws {
            try await Workbench.with { bench in try await locked(bench) }
        }

        private func locked(_ bench: Workbench) async throws {
            let store = try bench.openStore()
            try await store.createQueue(Queue(name: "locked", maxConcurrent: 4, maxRunTime: .seconds(30)))
            let total = 150
            try await store.enqueue((1...total).map { JobTask(id: "l\($0)", type: "sleep", queue: "locked") })
            let workers = try (1...2).map { try bench.startWorker(queue: "locked", name: "l\($0)", concurrency: 2) }
            func completed() async throws -> Int { try await store.countTasks(TaskFilter(queue: "locked", states: [.complete])) }
            try await eventually(timeout: .seconds(60), "work to get going") { try await completed() >= 10 }

            // Shorter than the busy timeout: a write started meanwhile waits and then succeeds.
            let shortHold = try holdLock(bench, seconds: 2)
            try await waitUntilLocked(shortHold)
            let waited = ContinuousClock.now
            try await bench.ajcOK("task", "add", "sleep", "-q", "locked", "--id", "during-short-lock")
            #expect(ContinuousClock.now - waited >= .seconds(1), "ajc waited for the lock")
            #expect(await shortHold.exitStatus() == 0, "lock holder: \(shortHold.stderr)")

            // Longer than the busy timeout: ajc gives up with one line; workers fail claims, retry, and wait.
            let longHold = try holdLock(bench, seconds: 8)
            try await waitUntilLocked(longHold)
            let frozen = try await completed()
            let before = try await Workbench.dump(store)
            let refused = try await bench.ajc(["task", "add", "sleep", "-q", "locked", "--id", "during-long-lock"])
            #expect(refused.status == 1 && refused.stderr.split(separator: "\n").count == 1 && refused.stderr.contains("locked"),
                    "\(refused)")
            #expect(try await Workbench.dump(store) == before, "the refused command changed nothing")
            let reading = try await bench.ajc(["queue", "info", "locked", "--json"])
            #expect(reading.status == 0, "reads go on under a write lock: \(reading)")
            #expect(try await completed() == frozen, "nothing commits while another process holds the lock")
            #expect(longHold.status == nil, "the lock was held throughout")
            #expect(await longHold.exitStatus() == 0, "lock holder: \(longHold.stderr)")

            try await eventually(timeout: .seconds(120), "every task to complete after the lock is released") {
                try await completed() == total + 1
            }
            for worker in workers {
                #expect(worker.status == nil, "a worker gave up under the lock: \(worker.stderr)")
                await worker.killHard()
            }
            let tasks = try await store.tasks(TaskFilter(queue: "locked", limit: 1000))
            let audit = try await AttemptAudit(store: store, tasks: tasks)
            #expect(audit.overlaps.isEmpty)
            #expect(try await bench.integrityCheck() == "ok")
            SoakSettings.report("locked store: \(total + 1) tasks complete after a 2 s and an 8 s write lock; "
                                + "ajc waited through the short lock, failed in one line under the long one; integrity_check ok")
        }

        /// An exclusive lock (exclusive locking mode) shuts out readers too, opening included: ajc waits for
        /// it like for any lock, and past the busy timeout fails in one line naming the file.
        @Test(.timeLimit(.minutes(5)))
        func anExclusiveLockDelaysOpeningAndThenFailsInOneLine() async throws {
            try await Workbench.with { bench in
                try await bench.ajcOK("queue", "add", "Q")
                let short = try holdLock(bench, seconds: 2, exclusive: true)
                try await waitUntilLocked(short)
                let waited = ContinuousClock.now
                try await bench.ajcOK("queue", "ls")
                #expect(ContinuousClock.now - waited >= .seconds(1), "ajc waited for the lock")
                #expect(await short.exitStatus() == 0, "lock holder: \(short.stderr)")

                let long = try holdLock(bench, seconds: 8, exclusive: true)
                try await waitUntilLocked(long)
                let refused = try await bench.ajc(["queue", "ls"])
                #expect(refused.status == 1, "\(refused)")
                let lines = refused.stderr.split(separator: "\n")
                #expect(lines.count == 1 && lines[0].contains(bench.store) && lines[0].contains("locked"), "\(refused)")
                #expect(await long.exitStatus() == 0, "lock holder: \(long.stderr)")
                try await bench.ajcOK("queue", "info", "Q")
            }
        }

        /// Starts `sqlite3` holding the store's write lock (BEGIN IMMEDIATE) for `seconds`, then rolling back;
        /// `exclusive` takes an exclusive lock in exclusive locking mode instead, which shuts out readers.
        private func holdLock(_ bench: Workbench, seconds: Int, exclusive: Bool = false) throws -> SpawnedProcess {
            let begin = exclusive ? "PRAGMA locking_mode = EXCLUSIVE;\nBEGIN EXCLUSIVE;" : "BEGIN IMMEDIATE;"
            let script = ".timeout 30000\n\(begin)\nSELECT 'locked';\n.shell sleep \(seconds)\nROLLBACK;\n"
            return try bench.start(Workbench.sqlite3Shell, [bench.store], input: Data(script.utf8))
        }

        private func waitUntilLocked(_ holder: SpawnedProcess) async throws {
            try await eventually(timeout: .seconds(30), "sqlite3 to take the lock: \(holder.stderr)") {
                holder.stdout.contains("locked")
            }
        }
    }
}
