import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// A real full disk (ENOSPC), not a stand-in: the store lives on a small tmpfs that the test fills.
    @Suite struct FullFilesystem {
        /// A tmpfs of its own, mounted for the test and unmounted after.
        struct Tmpfs {
            let path: String

            /// Mounts a tmpfs of `megabytes` at `path`; nil when mounting is refused (not root, no
            /// privilege in this container).
            static func mount(at path: String, megabytes: Int) -> Tmpfs? {
                try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path]) == 0 else { return nil }
                return Tmpfs(path: path)
            }

            func unmount() {
                if Self.run("/bin/umount", [path]) != 0 { _ = Self.run("/bin/umount", ["-l", path]) }
            }

            static func run(_ executable: String, _ arguments: [String]) -> Int32 {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                guard (try? process.run()) != nil else { return -1 }
                process.waitUntilExit()
                return process.terminationStatus
            }
        }

        /// Whether this machine lets the test mount a tmpfs (root, and a container that allows it).
        static let canMount: Bool = {
            let probe = FileManager.default.temporaryDirectory.appendingPathComponent("aj-tmpfs-probe-\(getpid())").path
            guard let tmpfs = Tmpfs.mount(at: probe, megabytes: 1) else { return false }
            tmpfs.unmount()
            try? FileManager.default.removeItem(atPath: probe)
            return true
        }()

        @Test(.timeLimit(.minutes(5)),
              .enabled(if: canMount, "skipped: mounting a tmpfs was refused (needs root in a container that allows mount)"),
              .enabled(if: Workbench.hasSQLite3Shell, "needs the sqlite3 shell for the integrity check"))
        func aFullFilesystemRefusesEnqueuesInOneLineLosesNothingAndRecovers() async throws {
            try await Workbench.with { bench in
                guard let disk = Tmpfs.mount(at: bench.file("disk"), megabytes: 8) else {
                    Issue.record("mounting the tmpfs was refused after the probe succeeded")
                    return
                }
                defer { disk.unmount() }
                let path = disk.path + "/store.sqlite"
                let store = try SQLiteStore(path: path)
                try await store.createQueue(Queue(name: "full", maxConcurrent: 4, maxRunTime: .seconds(3600)))
                let worker = try bench.start(try ProductBinary.path("aj-test-worker", override: "AJ_TEST_WORKER"),
                                             ["serve", "--store", path, "--queue", "full", "--name", "w", "--concurrency", "4",
                                              "--sleep-ms", "20", "--lease-ms", "3000"])
                try await store.enqueue((1...40).map { JobTask(id: "before-\($0)", type: "sleep", queue: "full",
                                                               payload: Data(repeating: 7, count: 4096)) })
                try await eventually(timeout: .seconds(60), "the first tasks to complete") {
                    try await store.countTasks(TaskFilter(queue: "full", states: [.complete])) == 40
                }
                // Work in flight when the disk fills.
                try await store.enqueue((1...20).map { JobTask(id: "during-\($0)", type: "sleep", queue: "full") })

                // Fill the filesystem to the last byte.
                let filler = disk.path + "/filler"
                FileManager.default.createFile(atPath: filler, contents: nil)
                let handle = try #require(FileHandle(forWritingAtPath: filler))
                let chunk = Data(repeating: 0, count: 65536)
                var filled = 0
                while (try? handle.write(contentsOf: chunk)) != nil { filled += chunk.count }
                for size in [4096, 512, 1] { while (try? handle.write(contentsOf: chunk.prefix(size))) != nil { filled += size } }
                try? handle.close()

                let ajc = try ProductBinary.path("ajc", override: "AJC_BINARY")
                let refused = try await bench.finish(try bench.start(ajc, ["--store", path, "task", "add", "sleep", "-", "-q", "full", "--id", "refused"],
                                                                    input: Data(repeating: 1, count: 200_000)), timeout: .seconds(60))
                #expect(refused.status == 1, "\(refused)")
                let errorLines = refused.stderr.split(separator: "\n")
                #expect(errorLines.count == 1 && refused.stderr.hasPrefix("ajc: "), "one line: \(refused)")
                #expect(refused.stderr.contains("full") || refused.stderr.contains("space"), "it names the cause: \(refused.stderr)")
                var inProcess = "accepted"
                do {
                    try await store.enqueue([JobTask(id: "refused-too", type: "sleep", queue: "full", payload: Data(count: 200_000))])
                } catch {
                    inProcess = "\(error)"
                }
                #expect(inProcess != "accepted", "an in-process enqueue fails too")
                #expect(try await store.countTasks(TaskFilter(queue: "full", states: [.complete])) >= 40,
                        "nothing already committed is lost")
                #expect((try? await store.task(id: "refused")) == nil, "the refused task left nothing behind")

                // Space returns: the store works again, every accepted task completes, and the file is sound.
                try FileManager.default.removeItem(atPath: filler)
                try await bench.ajcOK("--store", path, "task", "add", "sleep", "after", "-q", "full", "--id", "after")
                try await eventually(timeout: .seconds(60), "every accepted task to complete") {
                    try await store.countTasks(TaskFilter(queue: "full", states: [.complete])) == 61
                }
                #expect(worker.status == nil, "the worker lived through the full disk: \(worker.stderr.suffix(500))")
                await worker.killHard()
                let integrity = try await bench.sqlite3("PRAGMA integrity_check;", path: path)
                #expect(integrity == "ok")
                SoakSettings.report("full filesystem (tmpfs 8 MiB, filled with \(filled / 1024) KiB): ajc failed with \"\(refused.stderr.trimmingCharacters(in: .newlines))\"; in process: \(inProcess); 40 committed tasks kept, 21 completed after space returned; integrity_check \(integrity)")
            }
        }
    }
}
