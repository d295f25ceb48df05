import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting
import Testing

// Opening a store creates and migrates its file, blocking on the disk: on threads of their own, not the pool's.
@Suite(.ownThread) struct SQLiteStoreConformanceTests {
    @Test(arguments: StoreConformance.Check.allCases)
    func conformance(_ check: StoreConformance.Check) async throws {
        let files = TemporaryStorePath()
        try await StoreConformance { clock in try SQLiteStore(path: files.store, clock: clock) }.run(check)
        withExtendedLifetime(files) {}
    }
}
