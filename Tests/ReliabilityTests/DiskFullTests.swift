import AsyncJobs
@testable import AsyncJobsSQLite
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// The store runs out of space mid-run: writes fail with a clear error, the file stays sound, and the
    /// work resumes, with nothing lost, when space returns.
    @Suite struct DiskFull {
        /// In-process, through the store's own writer: SQLite's `max_page_count` (per connection) caps the
        /// file while a worker pool runs and tasks keep arriving, as a full disk would.
        @Test(.timeLimit(.minutes(10)))
        func aFullStoreFailsWritesClearlyAndResumesWithNothingLost() async throws {
            try await Workbench.with { bench in try await fill(bench) }
        }

        private func fill(_ bench: Workbench) async throws {
            let store = try bench.openStore()
            try await store.createQueue(Queue(name: "full", maxConcurrent: 4, maxRunTime: .seconds(2)))
            var router = Router()
            try router.register("") { _, _ in
                try await Task.sleep(for: .milliseconds(20))
                return .null
            }
            let pool = WorkerPool(store: store, queue: "full", router: router, concurrency: 4,
                                  retryPolicy: IntervalRetryPolicy(intervals: [.milliseconds(100)], jitter: 0.5))
            let running = Task { try await pool.run() }
            defer { running.cancel() }

            var accepted: [String] = []
            var refusals: [String] = []
            var batch = 0
            func offer() async throws {
                batch += 1
                let tasks = (1...5).map { JobTask(id: "b\(batch)-\($0)", type: "blob", queue: "full",
                                                  payload: Data(repeating: UInt8(batch % 256), count: 16384)) }
                do {
                    try await store.enqueue(tasks)
                    accepted += tasks.map(\.id)
                } catch let error as JobError {
                    guard case .storage(let message) = error else { throw error }
                    refusals.append(message)
                }
            }
            // A backlog, so the pool is mid-run (claiming, completing) when the space runs out.
            for _ in 0..<60 { try await offer() }
            try await eventually(timeout: .seconds(60), "the pool to get going") {
                try await store.countTasks(TaskFilter(queue: "full", states: [.complete])) >= 10
            }

            // The disk fills: the file may grow only a few pages more, while tasks keep arriving and the
            // pool keeps claiming and completing.
            let pages = try store.writer!.runBlocking { try $0.scalar("PRAGMA page_count") ?? 0 }
            try store.writer!.runBlocking { _ = try $0.execute("PRAGMA max_page_count = \(pages + 4)") }
            for _ in 0..<20 {
                try await offer()
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(!refusals.isEmpty, "the store ran out of space")
            #expect(refusals.allSatisfy { $0.contains("full") }, "clear errors: \(Set(refusals))")
            #expect(try await bench.integrityCheck() == "ok", "a full store is not a corrupt one")
            let pendingWhileFull = try await store.countTasks(TaskFilter(queue: "full", states: [.new, .active, .retry]))
            #expect(pendingWhileFull > 0, "the space ran out with work in flight")

            // Space returns.
            try store.writer!.runBlocking { _ = try $0.execute("PRAGMA max_page_count = 1073741823") }
            let refusedWhileFull = refusals.count
            for _ in 0..<10 { try await offer() }
            #expect(refusals.count == refusedWhileFull, "writes succeed again: \(refusals.suffix(3))")
            try await eventually(timeout: .seconds(120), "every accepted task to complete") {
                try await store.countTasks(TaskFilter(queue: "full", states: [.complete])) == accepted.count
            }
            let stored = try await store.tasks(TaskFilter(queue: "full", limit: 10_000)).map(\.id)
            #expect(Set(stored) == Set(accepted), "nothing lost, and refused batches left nothing behind")
            pool.stop()
            try await running.value
            #expect(try await bench.integrityCheck() == "ok")
            SoakSettings.report("disk full (max_page_count): \(accepted.count) tasks accepted and completed, "
                                + "\(pendingWhileFull) pending when full, \(refusedWhileFull) batches refused while full (\(Set(refusals).sorted().joined(separator: " | "))); integrity_check ok")
        }

        /// Out of process: `ajc` with a file size limit (`ulimit -f`, SIGXFSZ ignored as a full disk does not
        /// signal) cannot grow the store; it fails in one line, the store is unchanged and sound, and the
        /// next `ajc` without the limit works.
        @Test(.enabled(if: Workbench.hasSQLite3Shell, "needs the sqlite3 shell for the integrity check"))
        func ajcOnAFullDiskFailsInOneLineAndChangesNothing() async throws {
            try await Workbench.with { bench in
                try await bench.ajcOK("queue", "add", "Q")
                try await bench.ajcOK("task", "add", "t", "small", "-q", "Q", "--id", "before")
                let store = try bench.openStore()
                let before = try await Workbench.dump(store)
                var random = SeededRandom(seed: SoakSettings.seed)
                let payload = Data((0..<(3 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
                let ajc = try ProductBinary.path("ajc", override: "AJC_BINARY")
                // 2000 blocks of 512 bytes: about 1 MB, less than the 3 MB payload needs.
                let limited = try bench.start("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f 2000; exec \"$0\" task add t - -q Q --id big", ajc],
                                              input: payload)
                let run = try await bench.finish(limited, timeout: .seconds(60))
                #expect(run.status == 1, "\(run)")
                #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.hasPrefix("ajc: "), "\(run)")
                #expect(try await Workbench.dump(store) == before, "the failed add wrote nothing")
                #expect(try await bench.integrityCheck() == "ok")
                try await bench.ajcOK("task", "add", "t", "-", "-q", "Q", "--id", "big", input: payload)
                #expect(try await store.task(id: "big").payload == payload, "space returned: the same add succeeds")
                SoakSettings.report("disk full (ulimit -f): ajc failed with \"\(run.stderr.trimmingCharacters(in: .newlines))\", store unchanged, integrity_check ok")
            }
        }
    }
}
