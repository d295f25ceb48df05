import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting
import Testing

@Suite struct SQLiteStoreConformanceTests {
    @Test(arguments: StoreConformance.Check.allCases)
    func conformance(_ check: StoreConformance.Check) async throws {
        let files = TemporaryStorePath()
        try await StoreConformance { clock in try SQLiteStore(path: files.store, clock: clock) }.run(check)
        withExtendedLifetime(files) {}
    }
}
