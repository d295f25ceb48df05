import AsyncJobs
import AsyncJobsTesting
import Testing

@Suite struct MemoryStoreConformanceTests {
    @Test(arguments: StoreConformance.Check.allCases)
    func conformance(_ check: StoreConformance.Check) async throws {
        try await StoreConformance { clock in MemoryStore(clock: clock) }.run(check)
    }
}
