import AsyncJobs
import AsyncJobsTesting
@testable import AsyncJobsSQLite
import Foundation
import Testing

/// Store files a hostile test met (issue 14, items 5–8): special files, hard links, empty and read-only
/// files, and files replaced under an open store.
// Opening a store creates and migrates its file, blocking on the disk: on threads of their own, not the pool's.
@Suite(.ownThread) struct StoreFileChecksTests {
    @Test func aFIFOIsRefusedAtOnceNamingIt() throws {
        let files = TemporaryStorePath()
        let fifo = files.file("ff")
        #expect(mkfifo(fifo, 0o644) == 0)
        let started = ContinuousClock.now
        let error = #expect(throws: SQLiteStoreError.self) { try SQLiteStore(path: fifo) }
        #expect(error == .cannotOpen(path: fifo, reason: "it is a FIFO (named pipe), not a regular file"))
        #expect(ContinuousClock.now - started < .seconds(2), "opening a FIFO must not wait for a writer")
    }

    @Test func aSymlinkToADeviceIsRefusedNamingIt() throws {
        let files = TemporaryStorePath()
        try FileManager.default.createSymbolicLink(atPath: files.file("null"), withDestinationPath: "/dev/null")
        let error = #expect(throws: SQLiteStoreError.self) { try SQLiteStore(path: files.file("null")) }
        #expect(error?.description == "cannot open store \(files.file("null")): it is a character device, not a regular file")
    }

    @Test func aSymlinkToAStoreStillWorks() async throws {
        let files = TemporaryStorePath()
        try await SQLiteStore(path: files.store).createQueue(Queue(name: "Q"))
        try FileManager.default.createSymbolicLink(atPath: files.file("link.sqlite"), withDestinationPath: files.store)
        #expect(try await SQLiteStore(path: files.file("link.sqlite")).queues().map(\.name) == ["Q"])
    }

    @Test func aHardLinkedStoreIsRefusedAndLeftAlone() async throws {
        let files = TemporaryStorePath()
        try await SQLiteStore(path: files.store).createQueue(Queue(name: "Q"))
        #expect(link(files.store, files.file("hard.sqlite")) == 0)
        let before = FileSnapshot(path: files.store)
        for name in [files.store, files.file("hard.sqlite")] {
            let error = #expect(throws: SQLiteStoreError.self) { try SQLiteStore(path: name) }
            #expect(error?.description.contains("the file has 2 hard links") == true, "\(error?.description ?? "")")
        }
        #expect(FileSnapshot(path: files.store) == before)
    }

    @Test func anEmptyFileBecomesAStoreAndSaysSo() async throws {
        let files = TemporaryStorePath()
        #expect(FileManager.default.createFile(atPath: files.store, contents: Data()))
        #expect(try await SQLiteStore(path: files.store).info().notes == ["created: the file was empty (0 bytes), now it is a store"])
        #expect(try await SQLiteStore(path: files.store).info().notes == [], "a store opened again has nothing to say")
        #expect(try await SQLiteStore(path: files.file("new.sqlite")).info().notes == ["created: no file was there"])
    }

    @Test func readOnlyOnRequestReadsEverythingAndRefusesWritesInOneLine() async throws {
        let files = TemporaryStorePath()
        let writable = try SQLiteStore(path: files.store)
        try await writable.createQueue(Queue(name: "Q"))
        try await writable.enqueue([JobTask(id: "t1", type: "x", queue: "Q")])
        let store = try SQLiteStore(path: files.store, readOnly: true)
        #expect(store.isReadOnly)
        #expect(try await store.task(id: "t1").state == .new)
        #expect(try await store.summaries().map(\.queue.name) == ["Q"])
        #expect(try await store.info().notes == ["read-only: it was opened read-only on request"])
        let error = await #expect(throws: JobError.self) { try await store.enqueue([JobTask(id: "t2", type: "x", queue: "Q")]) }
        #expect(error == .readOnlyStore("\(files.store) is open read-only: it was opened read-only on request; nothing was changed"))
        // It still follows the writable store's changes.
        try await writable.enqueue([JobTask(id: "t3", type: "x", queue: "Q")])
        #expect(try await store.task(id: "t3").state == .new)
    }

    @Test func aReadOnlyFileWithoutAStoreIsRefusedInOneLine() throws {
        let files = TemporaryStorePath()
        #expect(FileManager.default.createFile(atPath: files.store, contents: Data()))
        let error = #expect(throws: SQLiteStoreError.self) { try SQLiteStore(path: files.store, readOnly: true) }
        #expect(error?.description.contains("holds no store yet") == true)
    }

    @Test(arguments: [false, true])
    func aStoreMovedOrItsWALRemovedIsNoticedWithinTheCheckInterval(removeWAL: Bool) async throws {
        let files = TemporaryStorePath()
        let clock = ManualClock()
        let store = try SQLiteStore(path: files.store, clock: clock)
        try await store.createQueue(Queue(name: "Q"))
        _ = try await store.changeToken()
        if removeWAL {
            try FileManager.default.removeItem(atPath: files.store + "-wal")
            try FileManager.default.removeItem(atPath: files.store + "-shm")
        } else {
            for suffix in ["", "-wal", "-shm"] {
                try FileManager.default.moveItem(atPath: files.store + suffix, toPath: files.file("moved.sqlite" + suffix))
            }
        }
        _ = try await store.changeToken()
        clock.advance(by: FileIdentityWatch.interval)
        let error = await #expect(throws: JobError.self) { try await store.changeToken() }
        #expect(error?.stopsWorkers == true)
        let expected = removeWAL ? "\(files.store)-wal was moved or deleted" : "\(files.store) was moved or deleted"
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }

    @Test func aStoreLeftInPlaceIsNeverReportedReplaced() async throws {
        let files = TemporaryStorePath()
        let clock = ManualClock()
        let store = try SQLiteStore(path: files.store, clock: clock)
        for _ in 0..<3 {
            try await store.createQueue(Queue(name: "Q\(Int.random(in: 0..<1_000_000))"))
            clock.advance(by: .seconds(2))
            _ = try await store.changeToken()
        }
    }
}
