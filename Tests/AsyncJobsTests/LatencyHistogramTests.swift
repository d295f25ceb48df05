import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

@Suite struct LatencyHistogramTests {
    /// Durations spread log-uniformly over 1 µs … 7 days, the range the buckets cover.
    static func randomDurations(_ count: Int, seed: UInt64) -> [Duration] {
        var random = SeededRandom(seed: seed)
        let low = log(1e-6), high = log(7 * 86_400.0)
        return (0..<count).map { _ in
            .nanoseconds(Int64((exp(Double.random(in: low..<high, using: &random)) * 1e9).rounded()))
        }
    }

    static func exactPercentile(_ sorted: [Duration], _ p: Double) -> Duration {
        sorted[max(1, Int((p * Double(sorted.count)).rounded(.up))) - 1]
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func percentilesAreWithinTheRelativeErrorOfTheExactOnes(seed: UInt64) throws {
        let values = Self.randomDurations(5_000, seed: seed)
        var histogram = LatencyHistogram()
        for value in values { histogram.record(value) }
        let sorted = values.sorted()
        #expect(histogram.count == values.count)
        for p in [0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0] {
            let exact = Self.exactPercentile(sorted, p)
            let estimate = try #require(histogram.percentile(p))
            let error = abs(estimate.seconds - exact.seconds) / exact.seconds
            #expect(error <= LatencyHistogram.relativeError + 1e-9, "p\(p): exact \(exact), estimate \(estimate)")
        }
        #expect(LatencyHistogram.relativeError < 0.05)
    }

    @Test func emptyHasNoPercentile() {
        #expect(LatencyHistogram().percentile(0.5) == nil)
        #expect(LatencyHistogram().isEmpty)
    }

    @Test func mergingEqualsRecordingEverything() throws {
        let first = Self.randomDurations(300, seed: 7), second = Self.randomDurations(200, seed: 8)
        var a = LatencyHistogram(), b = LatencyHistogram(), all = LatencyHistogram()
        for value in first { a.record(value); all.record(value) }
        for value in second { b.record(value); all.record(value) }
        a.merge(b)
        #expect(a == all)
        #expect(a.count == 500)
        // Every bucket of the second already exists in the first: the in-place path.
        var twice = all
        twice.merge(all)
        #expect(twice.buckets == all.buckets.mapValues { $0 * 2 } && twice.count == 1_000)
        var subset = all
        subset.merge(try LatencyHistogram(buckets: [all.buckets.keys.min()!: 5]))
        #expect(subset.count == 505 && subset.buckets[all.buckets.keys.min()!] == all.buckets[all.buckets.keys.min()!]! + 5)
    }

    @Test func outOfRangeDurationsLandInTheEdgeBuckets() {
        var histogram = LatencyHistogram()
        histogram.record(.nanoseconds(10))
        histogram.record(.nanoseconds(-5))
        #expect(histogram.buckets == [0: 2])
        #expect(histogram.percentile(1) == .nanoseconds(500))
        histogram.record(.seconds(30 * 86_400))
        #expect(histogram.buckets[LatencyHistogram.overflowIndex] == 1)
        #expect(histogram.percentile(1) == LatencyHistogram.largest)
    }

    @Test func bucketsAreFewEnoughToStoreEveryMinute() {
        // 1 µs … 7 days at 10 % a bucket: under 300 buckets, and a busy minute touches a few dozen.
        #expect(LatencyHistogram.overflowIndex < 300)
        var histogram = LatencyHistogram()
        for value in Self.randomDurations(1_000, seed: 9) where value < .seconds(10) && value > .milliseconds(1) {
            histogram.record(value)
        }
        #expect(histogram.buckets.count <= 100)
        #expect(histogram.encoded.count <= 4 * histogram.buckets.count)
    }

    @Test func blobAndJSONRoundTrip() throws {
        var histogram = LatencyHistogram()
        for value in Self.randomDurations(1_000, seed: 11) { histogram.record(value) }
        #expect(try LatencyHistogram(encoded: histogram.encoded) == histogram)
        #expect(try LatencyHistogram(encoded: LatencyHistogram().encoded) == LatencyHistogram())
        let json = try JSONEncoder().encode(histogram)
        #expect(try JSONDecoder().decode(LatencyHistogram.self, from: json) == histogram)
    }

    /// The store's write path merges a transaction's durations into a stored blob without decoding it:
    /// the bytes must be exactly those of merging the histograms and encoding the sum, whether the two
    /// share buckets, interleave, or one side is empty.
    @Test(arguments: [(1 as UInt64, 2 as UInt64, 500, 40), (3, 4, 3, 2_000), (5, 6, 0, 100), (7, 8, 100, 0)])
    func mergingABlobEqualsMergingTheHistograms(seeds: (UInt64, UInt64, Int, Int)) throws {
        var stored = LatencyHistogram(), added = LatencyHistogram()
        for value in Self.randomDurations(seeds.2, seed: seeds.0) { stored.record(value) }
        for value in Self.randomDurations(seeds.3, seed: seeds.1) { added.record(value) }
        var sum = stored
        sum.merge(added)
        let merged = try added.encoded(mergingEncoded: stored.encoded)
        #expect(merged == sum.encoded)
        #expect(try LatencyHistogram(encoded: merged).count == seeds.2 + seeds.3)
    }

    @Test func mergingADamagedBlobIsRefused() {
        var added = LatencyHistogram()
        added.record(.milliseconds(3))
        var stored = LatencyHistogram()
        stored.record(.seconds(3))
        #expect(throws: JobError.self) { try added.encoded(mergingEncoded: Array(stored.encoded.dropLast())) }
        #expect(throws: JobError.self) { try added.encoded(mergingEncoded: [0x05, 0x01, 0x00, 0x01]) }
    }

    @Test func damagedInputIsRefused() throws {
        var histogram = LatencyHistogram()
        histogram.record(.seconds(3))
        histogram.record(.milliseconds(3))
        let blob = histogram.encoded
        #expect(throws: JobError.self) { try LatencyHistogram(encoded: Array(blob.dropLast())) }
        #expect(throws: JobError.self) { try LatencyHistogram(encoded: [0x80]) }
        let pastOverflow = LatencyHistogram.overflowIndex + 1  // as a two-byte varint
        #expect(throws: JobError.self) {
            try LatencyHistogram(encoded: [UInt8(pastOverflow & 0x7F) | 0x80, UInt8(pastOverflow >> 7), 1])
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LatencyHistogram.self, from: Data("[1,2,3]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LatencyHistogram.self, from: Data("[1,-2]".utf8)) }
        #expect(throws: JobError.self) { try LatencyHistogram(buckets: [-1: 3]) }
    }
}
