import Foundation

/// A distribution of durations in fixed log-scale buckets: what the store keeps per queue, task type and
/// minute for wait and run times, and merges to answer "p95 over the last hour".
///
/// Bucket `i ≥ 1` holds durations in [1 µs · γ^(i-1), 1 µs · γ^i) with γ = 1.1, up to 7 days; bucket 0 holds
/// everything under 1 µs and the last bucket everything from 7 days on. A percentile reads back as the
/// bucket's point `2 · low · high / (low + high)`, within ``relativeError`` (≈ 4.8 %) of every duration
/// in the bucket, so the answer is that close to the exact percentile of the recorded values. The bucket
/// edges are fixed, not learned from the data, so histograms recorded by different processes and minutes
/// merge exactly by adding counts.
///
/// Only non-empty buckets are stored (a minute of one queue and type rarely touches more than a few
/// dozen), which keeps the per-minute rows small.
public struct LatencyHistogram: Sendable, Hashable {
    /// The ratio between the upper and lower edge of a bucket.
    public static let growth = 1.1
    /// The largest relative error of a percentile against the exact one, for durations in 1 µs … 7 days:
    /// (γ − 1) / (γ + 1).
    public static let relativeError = (growth - 1) / (growth + 1)
    /// The lower edge of bucket 1: shorter durations share bucket 0.
    public static let smallest = Duration.microseconds(1)
    /// The lower edge of the overflow bucket: longer durations share it.
    public static let largest = Duration.seconds(7 * 86_400)
    /// The index of the overflow bucket.
    public static let overflowIndex = 1 + Int((log(largest.seconds / smallest.seconds) / log(growth)).rounded(.up))

    /// The count of each non-empty bucket, by bucket index (0 … ``overflowIndex``).
    public private(set) var buckets: [Int: Int]
    /// How many durations were recorded.
    public private(set) var count: Int

    /// An empty histogram.
    public init() {
        buckets = [:]
        count = 0
    }

    /// A histogram of the given bucket counts; `invalidSetting` when an index is outside
    /// 0 … ``overflowIndex`` or a count is negative. Zero counts are dropped.
    public init(buckets: [Int: Int]) throws(JobError) {
        self.init()
        for (index, count) in buckets {
            guard (0...Self.overflowIndex).contains(index), count >= 0 else {
                throw .invalidSetting("latency histogram bucket \(index) has count \(count): not a valid bucket")
            }
            if count > 0 { self.buckets[index] = count }
            self.count += count
        }
    }

    /// Whether nothing was recorded.
    public var isEmpty: Bool { count == 0 }

    /// Adds one duration (negative ones, from clocks of different machines, count as zero).
    public mutating func record(_ duration: Duration) {
        buckets[Self.index(of: duration), default: 0] += 1
        count += 1
    }

    /// Adds every duration recorded in `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        for (index, count) in other.buckets { buckets[index, default: 0] += count }
        count += other.count
    }

    /// The duration below which a fraction `p` (0…1, clamped) of the recorded durations lie, by nearest
    /// rank, within ``relativeError``; nil when empty. Durations under 1 µs read as 1 µs / 2, and those of
    /// 7 days or more as 7 days.
    public func percentile(_ p: Double) -> Duration? {
        guard count > 0 else { return nil }
        let rank = max(1, Int((min(max(p, 0), 1) * Double(count)).rounded(.up)))
        var seen = 0
        for index in buckets.keys.sorted() {
            seen += buckets[index]!
            if seen >= rank { return Self.representative(of: index) }
        }
        return Self.representative(of: buckets.keys.max()!)
    }

    /// The bucket holding `duration`.
    public static func index(of duration: Duration) -> Int {
        let nanoseconds = duration.nanoseconds
        if nanoseconds < smallest.nanoseconds { return 0 }
        if nanoseconds >= largest.nanoseconds { return overflowIndex }
        let position = log(Double(nanoseconds) / Double(smallest.nanoseconds)) / log(growth)
        return min(overflowIndex - 1, 1 + Int(position))
    }

    /// The duration a bucket reads back as: the point whose relative distance to both edges is the same.
    static func representative(of index: Int) -> Duration {
        switch index {
        case 0: return smallest / 2
        case overflowIndex...: return largest
        default:
            let low = smallest.seconds * pow(growth, Double(index - 1))
            let high = min(low * growth, largest.seconds)
            return .nanoseconds(Int64((2 * low * high / (low + high) * 1e9).rounded()))
        }
    }
}
