import AsyncJobs
@testable import AsyncJobsSQLite
import Synchronization
import Testing

/// The writer's own contract, below the store: batching, failure isolation, change signals, upkeep.
@Suite struct GroupCommitWriterTests {
    private struct Upkeep: Error {}

    private func makeWriter(_ files: TemporaryStorePath, housekeeping: GroupCommitWriter.Housekeeping?,
                            didChange: @escaping @Sendable () -> Void = {}) throws -> GroupCommitWriter {
        let connection = try Connection(path: files.store, mode: .readWriteCreate)
        try connection.executeScript("PRAGMA journal_mode = WAL; CREATE TABLE notes(text TEXT UNIQUE)")
        return GroupCommitWriter(connection, label: "test.writer", housekeeping: housekeeping, didChange: didChange)
    }

    @Test func failingWriteIsUndoneAloneAndOthersCommit() async throws {
        let files = TemporaryStorePath()
        let writer = try makeWriter(files, housekeeping: nil)
        // Each write inserts two rows; the duplicate fails half-way and must leave neither of its rows.
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<30 {
                group.addTask {
                    let name = index == 17 ? "n3" : "n\(index)"
                    do {
                        try await writer.write { db in
                            try db.execute("INSERT INTO notes(text) VALUES (?)", "extra\(index)")
                            try db.execute("INSERT INTO notes(text) VALUES (?)", name)
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count { !$0 } == 1)
        let rows = try await writer.write { db in try db.scalar("SELECT count(*) FROM notes") ?? 0 }
        #expect(rows == 58, "29 writes of two rows each")
        #expect(try await writer.write { db in try db.scalar("SELECT count(*) FROM notes WHERE text = 'extra17'") } == 0)
    }

    @Test func onlyWritesThatChangeRowsSignal() async throws {
        let files = TemporaryStorePath()
        let signals = Mutex(0)
        let writer = try makeWriter(files, housekeeping: nil) { signals.withLock { $0 += 1 } }
        _ = try await writer.write { db in try db.scalar("SELECT count(*) FROM notes") }
        #expect(signals.withLock { $0 } == 0, "a read-only write transaction changes nothing")
        _ = try await writer.write { db in try db.execute("INSERT INTO notes(text) VALUES ('x')") }
        #expect(signals.withLock { $0 } == 1)
    }

    @Test func housekeepingRunsBetweenBatchesAndItsFailuresStayOut() async throws {
        let files = TemporaryStorePath()
        let steps = Mutex(0)
        let writer = try makeWriter(files, housekeeping: .init(idleInterval: .zero, busyInterval: .zero) { _ in
            steps.withLock { $0 += 1 }
            throw Upkeep()
        })
        for index in 0..<3 {
            _ = try await writer.write { db in try db.execute("INSERT INTO notes(text) VALUES (?)", "h\(index)") }
        }
        // Housekeeping runs after a batch commits, before the writer's queue goes idle.
        _ = try await writer.write { db in try db.scalar("SELECT 1") }
        #expect(steps.withLock { $0 } >= 3, "upkeep ran after the batches")
        #expect(try await writer.write { db in try db.scalar("SELECT count(*) FROM notes") } == 3,
                "a failing upkeep step never fails a write")
    }
}
