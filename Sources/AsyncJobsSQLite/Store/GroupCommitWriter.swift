import AsyncJobs
import Dispatch

/// The store's single writer: one connection on its own serial queue that commits whatever writes are
/// pending as one `BEGIN IMMEDIATE` transaction.
///
/// A durable commit costs an fsync, which caps one-transaction-per-write at a few thousand writes a second.
/// Under load, writes arrive while the previous transaction commits; they are drained together so one
/// commit covers them all, and each caller still resumes only after its own write has committed. When idle
/// a write commits alone, so latency stays low. A write that fails (a `JobError`, or an SQLite error that
/// leaves the transaction open) is undone alone and the others still commit (see
/// ``commit(_:isolatingEachWrite:)``). If SQLite aborts the whole transaction (disk full, I/O error), every
/// write in it fails.
final class GroupCommitWriter: @unchecked Sendable {
    // @unchecked: `connection` and `lastHousekeeping` are only touched on `queue`; `pending` is Sendable.

    /// One write waiting for the writer.
    private struct PendingWrite: Sendable {
        /// Runs the write inside the open transaction; on success returns how to deliver its result once
        /// the transaction has committed.
        let perform: @Sendable (Connection) throws -> @Sendable () -> Void
        /// Delivers a failure (of the write itself, or of the transaction it was in).
        let fail: @Sendable (JobError) -> Void
    }

    /// Most writes in one transaction, so a flood of callers still sees commits at a steady pace.
    private static let maxBatch = 256

    private let connection: Connection
    private let queue: DispatchQueue
    private let pending = BatchingQueue<PendingWrite>(maxBatch: GroupCommitWriter.maxBatch)
    private let didChange: @Sendable () -> Void
    private let housekeeping: Housekeeping?
    private let transactionWork: TransactionWork?
    private var lastHousekeeping = ContinuousClock.now

    /// What the writes of one transaction leave to be written once, just before it commits (the
    /// per-minute history they add), instead of by each write.
    struct TransactionWork: Sendable {
        /// A transaction begins: anything left from one that did not commit is forgotten.
        var begin: @Sendable () -> Void
        /// Writes what the transaction's successful writes left, inside it, before `COMMIT`; a failure
        /// fails the transaction.
        var beforeCommit: @Sendable (Connection) throws -> Void
    }

    /// Background upkeep (pruning old events) run between batches on the writer's connection, in small
    /// steps so it never holds up writes for long.
    struct Housekeeping: Sendable {
        /// Pause between steps while there is nothing left to do.
        var idleInterval: Duration
        /// Pause between steps while a backlog remains.
        var busyInterval: Duration
        /// Does one bounded step in its own transaction; returns whether more remains.
        var step: @Sendable (Connection) throws -> Bool
    }

    /// Takes ownership of `connection`. `didChange` runs after every commit that changed rows, before the
    /// writers are resumed, so in-process readers can be woken at once.
    init(_ connection: Connection, label: String, housekeeping: Housekeeping?, transactionWork: TransactionWork? = nil,
         didChange: @escaping @Sendable () -> Void) {
        self.connection = connection
        self.queue = DispatchQueue(label: label, qos: .userInitiated)
        self.housekeeping = housekeeping
        self.transactionWork = transactionWork
        self.didChange = didChange
    }

    /// Runs `body` in the next write transaction and returns its result after that transaction commits.
    /// SQLite failures become ``JobError/storage(_:)``.
    func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws(JobError) -> T {
        let result: Result<T, JobError> = await withCheckedContinuation { continuation in
            submit(PendingWrite(
                perform: { connection in
                    let value = try body(connection)
                    return { continuation.resume(returning: .success(value)) }
                },
                fail: { continuation.resume(returning: .failure($0)) }))
        }
        return try result.get()
    }

    /// Runs `body` on the writer's queue outside any transaction and waits for it: for opening (pragmas,
    /// migrations) before the store is shared.
    func runBlocking<T>(_ body: (Connection) throws -> T) rethrows -> T {
        try queue.sync { try body(connection) }
    }

    private func submit(_ write: PendingWrite) {
        if pending.submit(write) { queue.async { self.drain() } }
    }

    /// Commits batches until nothing is pending; runs on `queue`.
    private func drain() {
        while case let batch = pending.nextBatch(), !batch.isEmpty { commit(batch) }
        runHousekeepingIfDue()
    }

    /// Commits `batch` as one transaction and resolves each write's caller.
    ///
    /// The writes first run back to back. If one fails, the transaction is rolled back and the batch runs
    /// again with each write in its own savepoint, so the failing write is undone alone and the others
    /// still commit. (A savepoint makes SQLite copy every page a write first touches; too costly to pay
    /// when, as usual, nothing fails.) Writes are plain SQL on the connection, so running one twice is safe.
    private func commit(_ batch: [PendingWrite], isolatingEachWrite: Bool = false) {
        let changesBefore = connection.totalChanges
        do {
            try connection.execute("BEGIN IMMEDIATE")
        } catch {
            let failure = JobError(storeFailure: error)
            batch.forEach { $0.fail(failure) }
            return
        }
        transactionWork?.begin()
        let isolating = isolatingEachWrite && batch.count > 1
        var succeeded: [(write: PendingWrite, deliver: @Sendable () -> Void)] = []
        var failed: [(write: PendingWrite, error: JobError)] = []
        for (index, write) in batch.enumerated() {
            do {
                if isolating { try connection.execute("SAVEPOINT write") }
                let deliver = try write.perform(connection)
                if isolating { try connection.execute("RELEASE write") }
                succeeded.append((write, deliver))
            } catch {
                let failure = JobError(storeFailure: error)
                if !isolating {
                    if !connection.isAutocommit { _ = try? connection.execute("ROLLBACK") }
                    if batch.count == 1 { write.fail(failure) } else { commit(batch, isolatingEachWrite: true) }
                    return
                }
                if connection.isAutocommit {
                    // SQLite rolled back the whole transaction (e.g. SQLITE_FULL): nothing in it survives.
                    write.fail(failure)
                    succeeded.forEach { $0.write.fail(failure) }
                    failed.forEach { $0.write.fail($0.error) }
                    batch[(index + 1)...].forEach { $0.fail(failure) }
                    return
                }
                _ = try? connection.execute("ROLLBACK TO write")
                _ = try? connection.execute("RELEASE write")
                failed.append((write, failure))
            }
        }
        do {
            try transactionWork?.beforeCommit(connection)
            try connection.execute("COMMIT")
        } catch {
            if !connection.isAutocommit { _ = try? connection.execute("ROLLBACK") }
            let failure = JobError(storeFailure: error)
            succeeded.forEach { $0.write.fail(failure) }
            failed.forEach { $0.write.fail($0.error) }
            return
        }
        if connection.totalChanges != changesBefore { didChange() }
        succeeded.forEach { $0.deliver() }
        failed.forEach { $0.write.fail($0.error) }
    }

    private func runHousekeepingIfDue() {
        guard let housekeeping else { return }
        let now = ContinuousClock.now
        guard now - lastHousekeeping >= housekeeping.idleInterval else { return }
        // Failures (a locked or full store) are left for the next round: upkeep must never fail a write.
        let more = (try? connection.writeTransaction { try housekeeping.step(connection) }) ?? false
        // With a backlog, come back sooner; otherwise wait the full idle interval.
        lastHousekeeping = more ? now - housekeeping.idleInterval + housekeeping.busyInterval : now
    }
}
