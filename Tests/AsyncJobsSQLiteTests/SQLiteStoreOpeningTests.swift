import AsyncJobs
@testable import AsyncJobsSQLite
import AsyncJobsTesting
import Foundation
import Testing

/// Opening store files: schema versions, and files the store must refuse without touching them.
// Opening a store creates and migrates its file, blocking on the disk: on threads of their own, not the pool's.
@Suite(.ownThread) struct SQLiteStoreOpeningTests {
    @Test func newFileGetsTheLatestSchemaInWALMode() throws {
        let files = TemporaryStorePath()
        _ = try SQLiteStore(path: files.store)
        let raw = try RawDatabase(path: files.store)
        #expect(try raw.text("PRAGMA user_version") == String(Migrations.latestVersion))
        #expect(try raw.text("PRAGMA journal_mode") == "wal")
        #expect(try raw.text("PRAGMA integrity_check") == "ok")
    }

    @Test func reopeningKeepsTheData() async throws {
        let files = TemporaryStorePath()
        do {
            let store = try SQLiteStore(path: files.store)
            try await store.createQueue(Queue(name: "kept", maxConcurrent: 7))
            try await store.enqueue([JobTask(id: "t1", type: "x", queue: "kept")])
        }
        let reopened = try SQLiteStore(path: files.store)
        #expect(try await reopened.queue(named: "kept").maxConcurrent == 7)
        #expect(try await reopened.task(id: "t1").state == .new)
    }

    @Test(arguments: SQLiteStore.Synchronous.allCases)
    func synchronousIsSetOnTheConnection(_ mode: SQLiteStore.Synchronous) throws {
        let files = TemporaryStorePath()
        let store = try SQLiteStore(path: files.store, synchronous: mode)
        let value = try store.writer!.runBlocking { try $0.scalar("PRAGMA synchronous") }
        // SQLite reports NORMAL as 1 and FULL as 2.
        #expect(value == (mode == .normal ? 1 : 2))
    }

    @Test func newerSchemaIsRefusedAndLeftAlone() throws {
        let files = TemporaryStorePath()
        _ = try SQLiteStore(path: files.store)
        try RawDatabase(path: files.store).execute("PRAGMA user_version = \(Migrations.latestVersion + 1)")
        let before = FileSnapshot(path: files.store)
        #expect(throws: SQLiteStoreError.newerSchema(path: files.store, found: Migrations.latestVersion + 1,
                                                     supported: Migrations.latestVersion)) {
            try SQLiteStore(path: files.store)
        }
        #expect(FileSnapshot(path: files.store) == before)
        let message = String(describing: SQLiteStoreError.newerSchema(path: "p", found: 9, supported: 1))
        #expect(message.contains("newer"))
    }

    @Test(arguments: [
        Data("this is a plain text file, not a database\n".utf8),
        Data(repeating: 0x41, count: 8192),
        Data("SQLite format 3\u{0}".utf8) + Data(repeating: 0xFF, count: 4080),
    ])
    func fileThatIsNotSQLiteIsRefusedUnchanged(_ contents: Data) throws {
        let files = TemporaryStorePath()
        _ = FileManager.default.createFile(atPath: files.store, contents: contents)
        let before = FileSnapshot(path: files.store)
        #expect(throws: SQLiteStoreError.notADatabase(path: files.store)) { try SQLiteStore(path: files.store) }
        #expect(FileSnapshot(path: files.store) == before)
        #expect(String(describing: SQLiteStoreError.notADatabase(path: files.store)).contains("not an SQLite database"))
    }

    @Test func otherProgramsDatabaseIsRefusedUnchanged() throws {
        let files = TemporaryStorePath()
        try RawDatabase(path: files.store).execute("CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('x')")
        let before = FileSnapshot(path: files.store)
        #expect(throws: SQLiteStoreError.notAStore(path: files.store)) { try SQLiteStore(path: files.store) }
        #expect(FileSnapshot(path: files.store) == before)
    }

    @Test func pathUnderARegularFileCannotBeOpened() throws {
        let files = TemporaryStorePath()
        _ = FileManager.default.createFile(atPath: files.file("plain"), contents: Data("x".utf8))
        let path = files.file("plain/store.sqlite")
        do {
            _ = try SQLiteStore(path: path)
            Issue.record("opened a store under a regular file")
        } catch let error as SQLiteStoreError {
            guard case .cannotOpen(let failedPath, _) = error else { throw error }
            #expect(failedPath == path)
            #expect(String(describing: error).contains(path))
        }
    }

    @Test func directoryIsNotAStoreFile() throws {
        let files = TemporaryStorePath()
        #expect(throws: SQLiteStoreError.cannotOpen(path: files.directory, reason: "it is a directory")) {
            try SQLiteStore(path: files.directory)
        }
    }

    @Test(arguments: ["", ":memory:"])
    func inMemoryDatabasesAreRefused(_ path: String) {
        #expect(throws: SQLiteStoreError.cannotOpen(path: path, reason: "the store needs a file path, not an in-memory database")) {
            try SQLiteStore(path: path)
        }
    }

    @Test func missingDirectoryCannotBeOpened() throws {
        let files = TemporaryStorePath()
        let path = files.file("no/such/dir/store.sqlite")
        do {
            _ = try SQLiteStore(path: path)
            Issue.record("opened a store in a missing directory")
        } catch let error as SQLiteStoreError {
            guard case .cannotOpen = error else { throw error }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

/// Files written by an older schema version are migrated in place, keeping their data.
@Suite struct SQLiteStoreMigrationTests {
    @Test func versionOneFileIsMigratedKeepingItsHistory() async throws {
        let files = TemporaryStorePath()
        do {
            // A store as the first schema version left it: one task with one finished attempt.
            let raw = try RawDatabase(path: files.store)
            try raw.execute("PRAGMA journal_mode = WAL")
            try raw.execute(Migrations.steps[0])
            try raw.execute("""
                PRAGMA user_version = 1;
                INSERT INTO queues(name, max_concurrent, max_runtime_ns, max_tries, max_age_ns, max_entries, discard_old, paused)
                    VALUES ('old', 5, 60000000000, -1, 0, 0, 0, 0);
                INSERT INTO tasks(rid, id, type, queue, max_tries, state, created_ns, tries, last_err)
                    VALUES (1, 'kept', 'x', 'old', 10, 'retry', 1, 1, 'boom');
                INSERT INTO items(task, queue, enqueued_ns, available_ns) VALUES (1, 'old', 1, 1);
                INSERT INTO attempts(task, n, worker, started_ns, ended_ns, outcome, error)
                    VALUES (1, 1, 'w0', 1, 2, 'failed', 'boom');
                """)
        }
        let store = try SQLiteStore(path: files.store)
        #expect(try RawDatabase(path: files.store).text("PRAGMA user_version") == String(Migrations.latestVersion))
        #expect(try await store.task(id: "kept").lastError == "boom")
        let claim = try #require(try await store.claim(queue: "old", upTo: 1, worker: "w1").first)
        #expect(claim.attempt == 2, "history numbering continues from the migrated attempts")
        #expect(try await store.attempts(taskID: "kept").map(\.worker) == ["w0", "w1"])
    }

    @Test func versionTwoLeaseSurvivesTheMoveIntoTheTaskRow() async throws {
        let files = TemporaryStorePath()
        let started = Timestamp(nanoseconds: 5_000)
        do {
            // Version 2 kept work in `items`: one task leased by w0 (its running attempt stored), one waiting.
            let raw = try RawDatabase(path: files.store)
            try raw.execute("PRAGMA journal_mode = WAL")
            try raw.execute(Migrations.steps[0])
            try raw.execute(Migrations.steps[1])
            try raw.execute("""
                PRAGMA user_version = 2;
                INSERT INTO queues(name, max_concurrent, max_runtime_ns, max_tries, max_age_ns, max_entries, discard_old, paused, active)
                    VALUES ('q', 5, 60000000000, -1, 0, 0, 0, 0, 1);
                INSERT INTO tasks(rid, id, type, queue, max_tries, state, created_ns, tries, attempts)
                    VALUES (1, 'leased', 'x', 'q', 10, 'active', 1, 1, 1), (2, 'waiting', 'x', 'q', 10, 'new', 2, 0, 0);
                INSERT INTO items(task, queue, enqueued_ns, available_ns, lease_owner, lease_started_ns, lease_expires_ns,
                    attempt, attempt_row) VALUES (1, 'q', 1, 1, 'w0', 5000, 9000000000000000000, 1, 1);
                INSERT INTO items(task, queue, enqueued_ns, available_ns) VALUES (2, 'q', 2, 2);
                INSERT INTO attempts(seq, task, n, worker, started_ns, outcome) VALUES (1, 1, 1, 'w0', 5000, 'running');
                INSERT INTO counts(queue, state, n) VALUES ('q', 'active', 1), ('q', 'new', 1);
                """)
        }
        let store = try SQLiteStore(path: files.store)
        let running = try await store.attempts(taskID: "leased")
        #expect(running.map(\.worker) == ["w0"] && running.map(\.outcome) == [.running] && running.first?.started == started)
        // The worker that held the lease before the upgrade still resolves it: the fence moved with it.
        let leased = try await store.task(id: "leased")
        let queue = try await store.queue(named: "q")
        let claim = Claim(task: leased, queue: queue, worker: "w0", attempt: 1, started: started,
                          leaseExpires: Timestamp(nanoseconds: 9_000_000_000_000_000_000))
        #expect(try await store.resolve(claim, .complete(result: .null)) == .applied(.complete))
        #expect(try await store.attempts(taskID: "leased").map(\.outcome) == [.complete])
        #expect(try await store.claim(queue: "q", upTo: 5, worker: "w1").map(\.task.id) == ["waiting"])
        let summary = try await store.summary(queue: "q")
        #expect(summary.active == 1 && summary.counts == [.active: 1, .complete: 1])
    }
}
