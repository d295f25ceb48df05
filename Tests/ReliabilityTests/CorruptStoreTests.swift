import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

extension Reliability {
    /// Files that are not stores: every tool refuses them with one readable line and exit status 1, and
    /// leaves them exactly as they were.
    @Suite(.enabled(if: Workbench.hasSQLite3Shell, "needs the sqlite3 shell to build foreign files"))
    struct CorruptStore {
        /// The kinds of bad file, built in `folder`.
        enum BadFile: String, CaseIterable, CustomTestStringConvertible {
            case randomBytes, truncatedStore, foreignSchema

            var testDescription: String { rawValue }
        }

        /// Commands that open the store, reading or writing.
        static let commands: [[String]] = [
            ["queue", "ls"], ["queue", "info", "Q"], ["queue", "add", "NEWQ"], ["queue", "configure", "Q", "--concurrent", "2"],
            ["task", "ls"], ["task", "add", "t", "x", "-q", "Q"], ["task", "view", "a1"], ["task", "retry", "a1"],
            ["queue", "purge", "Q", "-f"], ["info"], ["task", "process", "t", "Q", "1", "true"],
        ]

        @Test(arguments: BadFile.allCases)
        func ajcRefusesWithOneLineAndLeavesTheFileUntouched(kind: BadFile) async throws {
            try await Workbench.with { bench in
                let path = try await Self.make(kind, in: bench)
                let before = try FileState(path: path)
                for arguments in Self.commands {
                    let run = try await bench.ajc(arguments + ["--store", path], timeout: .seconds(30))
                    #expect(run.status == 1, "\(kind): \(run)")
                    let lines = run.stderr.split(separator: "\n")
                    #expect(lines.count == 1 && lines[0].hasPrefix("ajc: ") && lines[0].contains(path), "\(kind): \(run)")
                    #expect(try FileState(path: path) == before, "\(kind): ajc \(arguments) changed the file")
                }
            }
        }

        /// Builds a bad file of `kind`; its path.
        static func make(_ kind: BadFile, in bench: Workbench) async throws -> String {
            let path = bench.file("\(kind.rawValue).sqlite")
            switch kind {
            case .randomBytes:
                var random = SeededRandom(seed: SoakSettings.seed)
                try Data((0..<65536).map { _ in UInt8(truncatingIfNeeded: random.next()) }).write(to: URL(fileURLWithPath: path))
            case .foreignSchema:
                _ = try await bench.sqlite3("CREATE TABLE foo(x); INSERT INTO foo VALUES (1);", path: path)
            case .truncatedStore:
                try await Self.makeStore(at: path, in: bench)
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                try data.prefix(data.count / 2 + 1000).write(to: URL(fileURLWithPath: path))
            }
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            return path
        }

        /// A real store with a queue and 2000 tasks, all in the main file (checkpointed, no `-wal` left).
        static func makeStore(at path: String, in bench: Workbench) async throws {
            try await bench.ajcOK("queue", "add", "Q", "--store", path)
            let lines = (1...2000).map { "{\"n\": \($0), \"pad\": \"\(String(repeating: "x", count: 200))\"}\n" }
            try await bench.ajcOK("task", "import", "--type", "t", "-q", "Q", "--store", path, "-", input: Data(lines.joined().utf8))
            _ = try await bench.sqlite3("PRAGMA wal_checkpoint(TRUNCATE);", path: path)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }

        /// Damage the open cannot see without reading every page (a full integrity check on every open would
        /// cost seconds on a large store): reads that reach it fail with one line and status 1, never a crash,
        /// and a worker stops with status 1 instead of retrying forever.
        @Test func damagedPagesFailReadsWithOneLineAndStopWorkers() async throws {
            try await Workbench.with { bench in
                let path = bench.file("damaged.sqlite")
                try await Self.makeStore(at: path, in: bench)
                var data = try Data(contentsOf: URL(fileURLWithPath: path))
                try #require(data.count > 65536, "the store holds its tasks in the main file (\(data.count) bytes)")
                // The header and schema page intact, every page after them wiped.
                data.replaceSubrange(4096..<data.count, with: Data(count: data.count - 4096))
                try data.write(to: URL(fileURLWithPath: path))
                for arguments in [["queue", "ls"], ["task", "ls"], ["info"], ["task", "view", "nope"]] {
                    let run = try await bench.ajc(arguments + ["--store", path])
                    #expect(run.status == 1, "\(run)")
                    let lines = run.stderr.split(separator: "\n")
                    #expect(lines.count == 1 && lines[0].hasPrefix("ajc: ") && lines[0].contains("malformed"), "\(run)")
                }
                // A worker stops rather than retrying a damaged store forever; its last word says why. Only the
                // index of ready tasks is damaged here, so the worker starts and its first claim meets it.
                let readyDamaged = bench.file("ready-damaged.sqlite")
                try await Self.makeStore(at: readyDamaged, in: bench)
                let root = try #require(Int(try await bench.sqlite3(
                    "SELECT rootpage FROM sqlite_master WHERE name = 'tasks_ready';", path: readyDamaged)))
                var pages = try Data(contentsOf: URL(fileURLWithPath: readyDamaged))
                pages.replaceSubrange(((root - 1) * 4096)..<(root * 4096), with: Data(count: 4096))
                try pages.write(to: URL(fileURLWithPath: readyDamaged))
                let worker = try await bench.ajc(["task", "process", "t", "Q", "1", "true", "--store", readyDamaged],
                                                 timeout: .seconds(30))
                #expect(worker.stderr.contains("claim failed, stopping"), "the pool met the damage: \(worker)")
                #expect(worker.status == 1, "\(worker)")
                let last = worker.stderr.split(separator: "\n").last ?? ""
                #expect(last.hasPrefix("ajc: store damaged: ") && last.contains("malformed"), "\(worker)")
            }
        }
    }
}
