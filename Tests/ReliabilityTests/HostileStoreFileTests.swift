import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// Store files a hostile test met, through the real binaries (issue 14, items 5–8): FIFOs and hard
    /// links refused at once, a read-only store read by another user, and a store replaced under a worker
    /// and a dashboard.
    @Suite struct HostileStoreFiles {
        static var ajc: String { get throws { try ProductBinary.path("ajc", override: "AJC_BINARY") } }
        static var ajtop: String { get throws { try ProductBinary.path("ajtop", override: "AJTOP_BINARY") } }

        @Test func aFIFOAndAHardLinkAreRefusedAtOnceInOneLine() async throws {
            try await Workbench.with { bench in
                #expect(mkfifo(bench.file("ff"), 0o644) == 0)
                try await bench.ajcOK("queue", "add", "Q")
                #expect(link(bench.store, bench.file("hard.sqlite")) == 0)
                for (path, reason) in [("ff", "it is a FIFO (named pipe), not a regular file"), ("hard.sqlite", "the file has 2 hard links")] {
                    for (tool, arguments) in [(try Self.ajc, ["queue", "ls"]), (try Self.ajtop, ["--batch"])] {
                        let run = try await bench.run(in: bench.folder.path, tool, ["--store", path] + arguments, timeout: .seconds(20))
                        #expect(run.status == 1, "\(run)")
                        let lines = run.stderr.split(separator: "\n")
                        #expect(lines.count == 1 && lines[0].contains("cannot open store \(path): \(reason)"), "\(run)")
                    }
                }
            }
        }

        /// Whether this test process can run the binaries as another user (it must be root to switch).
        static let canSwitchUser = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

        @Test(.enabled(if: canSwitchUser && Workbench.hasSQLite3Shell, "needs root and setpriv to run the tools as another user, and sqlite3"))
        func anotherUsersReadOnlyStoreIsReadAndWritesFailInOneLine() async throws {
            try await Workbench.with { bench in
                let folder = bench.file("readonly")
                let store = folder + "/s.sqlite"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try await bench.ajcOK("--store", store, "queue", "add", "Q")
                try await bench.ajcOK("--store", store, "task", "add", "t", "-q", "Q", "--id", "one")
                // ajc exits without closing its connections, so the last one out (the sqlite3 shell) folds
                // the WAL into the file: a store copied for reading has no -wal file.
                _ = try await bench.sqlite3("SELECT count(*) FROM sqlite_master;", path: store)
                #expect(!FileManager.default.fileExists(atPath: store + "-wal"))
                #expect(chmod(store, 0o444) == 0 && chmod(folder, 0o555) == 0 && chmod(bench.folder.path, 0o755) == 0)
                defer { _ = chmod(folder, 0o755) }
                func asNobody(_ tool: String, _ arguments: [String]) async throws -> Workbench.Run {
                    try await bench.run(in: "/", "/usr/bin/setpriv",
                                        ["--reuid=65534", "--regid=65534", "--clear-groups", tool] + arguments)
                }
                let listing = try await asNobody(try Self.ajc, ["--store", store, "queue", "ls"])
                #expect(listing.status == 0 && listing.stdout.contains("Q "), "\(listing)")
                let tasks = try await asNobody(try Self.ajc, ["--store", store, "task", "ls"])
                #expect(tasks.status == 0 && tasks.stdout.contains("one"), "\(tasks)")
                let view = try await asNobody(try Self.ajc, ["--store", store, "task", "view", "one", "--json"])
                #expect(view.status == 0 && view.stdout.contains(#""state":"new""#), "\(view)")
                let info = try await asNobody(try Self.ajc, ["--store", store, "info"])
                #expect(info.status == 0 && info.stdout.contains("Note:   read-only: the file is not writable by this user"), "\(info)")
                let write = try await asNobody(try Self.ajc, ["--store", store, "task", "add", "t", "-q", "Q"])
                #expect(write.status == 1 && write.stderr == "ajc: cannot change the store: \(store) is open read-only: the file is not writable by this user; nothing was changed\n", "\(write)")
                for flags in [["--read-only"], []] {
                    let frame = try await asNobody(try Self.ajtop, ["--store", store, "--batch"] + flags)
                    #expect(frame.status == 0 && frame.stdout.contains("read-only") && frame.stdout.contains("Q "), "\(frame)")
                    #expect(flags.isEmpty == frame.stderr.contains("is read-only (the file is not writable by this user); watching in read-only mode"), "\(frame)")
                }
                #expect(!FileManager.default.fileExists(atPath: store + "-wal") && !FileManager.default.fileExists(atPath: store + "-shm"))
            }
        }

        @Test(.timeLimit(.minutes(3)), arguments: [false, true])
        func aWorkerStopsAndAjtopSaysSoWhenTheStoreIsReplaced(removeWAL: Bool) async throws {
            try await Workbench.with { bench in
                try await bench.ajcOK("queue", "add", "Q")
                let worker = try bench.start(try Self.ajc, ["task", "process", "t", "Q", "2", "true"])
                try await eventually(timeout: .seconds(30), "the worker to start") { worker.stderr.contains("Processing") }
                let dashboard = try bench.start(try Self.ajtop, ["--batch", "--iterations", "5", "--refresh", "1s", "--width", "160"])
                try await eventually(timeout: .seconds(30), "the first frame") { dashboard.stdout.contains("QUEUE") }
                let moved = Date()
                if removeWAL {
                    for suffix in ["-wal", "-shm"] { try FileManager.default.removeItem(atPath: bench.store + suffix) }
                } else {
                    for suffix in ["", "-wal", "-shm"] {
                        try FileManager.default.moveItem(atPath: bench.store + suffix, toPath: bench.file("moved.sqlite" + suffix))
                    }
                }
                let stopped = try await bench.finish(worker, timeout: .seconds(20))
                let noticed = Date().timeIntervalSince(moved)
                let gone = removeWAL ? "\(bench.store)-wal was moved or deleted" : "\(bench.store) was moved or deleted"
                #expect(stopped.status == 1, "\(stopped)")
                #expect(stopped.stderr.split(separator: "\n").last?.hasPrefix("ajc: store file changed: \(gone)") == true, "\(stopped)")
                #expect(noticed < 5, "the worker noticed after \(noticed) s")
                let frames = try await bench.finish(dashboard, timeout: .seconds(30))
                #expect(frames.stdout.contains("store file changed: \(gone)"), "\(frames)")
                SoakSettings.report("store \(removeWAL ? "WAL removed" : "moved") under a worker: it stopped after \(String(format: "%.1f", noticed)) s")
            }
        }
    }
}
