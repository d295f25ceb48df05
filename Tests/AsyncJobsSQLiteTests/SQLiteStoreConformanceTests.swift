import AsyncJobs
import AsyncJobsSQLite
import AsyncJobsTesting
import Testing

@Suite struct SQLiteStoreConformanceTests {
    /// The store does not record per-minute history yet (its `minute_stats` table comes next).
    static let unrecorded: Set<StoreConformance.Check> = [
        .minuteCountsFollowOutcomes, .latencyPercentilesWithinHistogramError, .minuteStatsSplitByType,
        .minuteStatsArePrunedAfterRetention, .operatorRetryResetsReady,
    ]

    @Test(arguments: StoreConformance.Check.allCases.filter { !unrecorded.contains($0) })
    func conformance(_ check: StoreConformance.Check) async throws {
        let files = TemporaryStorePath()
        try await StoreConformance { clock in try SQLiteStore(path: files.store, clock: clock) }.run(check)
        withExtendedLifetime(files) {}
    }
}
