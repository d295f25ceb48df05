import AsyncJobs
import AsyncJobsTesting
import Testing

/// The home screen's in-rate after a bulk import: the SQLite store counts at most the newest
/// `FinishedCounts.arrivalsCountLimit` arrivals of a queue per read, and says when it stopped there.
// Seeding and scanning a large store computes for seconds: on threads of their own, not the pool's.
@Suite(.ownThread) struct ArrivalCountTests {
    @Test func aBurstBeyondTheLimitIsCountedToItAndMarkedALowerBound() async throws {
        let limit = FinishedCounts.arrivalsCountLimit
        let burst = try await ScaleStore(count: limit + 500)
        let counts = try await burst.store.finishedCounts(queue: "emails", buckets: 12, bucket: .seconds(5))
        #expect(counts.arrived.reduce(0, +) == limit && counts.arrived.last == limit)
        #expect(counts.arrivedIsLowerBound)

        let few = try await ScaleStore(count: limit - 1)
        let exact = try await few.store.finishedCounts(queue: "emails", buckets: 12, bucket: .seconds(5))
        #expect(exact.arrived.reduce(0, +) == limit - 1 && !exact.arrivedIsLowerBound)
        withExtendedLifetime((burst, few)) {}
    }
}
