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
    /// `log(growth)`, worked out once: every recorded duration divides by it.
    private static let logGrowth = log(growth)
    /// The index of the overflow bucket.
    public static let overflowIndex = 1 + Int((log(largest.seconds / smallest.seconds) / log(growth)).rounded(.up))

    /// One non-empty bucket.
    struct Bin: Sendable, Hashable {
        var index: Int32
        var count: Int
    }

    /// The non-empty buckets in index order: no hashing on the hot paths (recording, merging, decoding a
    /// stored blob, which is already in this order), and equal histograms are equal arrays.
    private(set) var bins: [Bin]
    /// How many durations were recorded.
    public private(set) var count: Int

    /// An empty histogram.
    public init() {
        bins = []
        count = 0
    }

    /// A histogram of the given bucket counts; `invalidSetting` when an index is outside
    /// 0 … ``overflowIndex`` or a count is negative. Zero counts are dropped.
    public init(buckets: [Int: Int]) throws(JobError) {
        self.init()
        for (index, count) in buckets.sorted(by: { $0.key < $1.key }) {
            guard (0...Self.overflowIndex).contains(index), count >= 0 else {
                throw .invalidSetting("latency histogram bucket \(index) has count \(count): not a valid bucket")
            }
            if count > 0 { bins.append(Bin(index: Int32(index), count: count)) }
            self.count += count
        }
    }

    /// Builds from bins already in index order with positive counts (a decoded blob).
    init(sortedBins: [Bin]) {
        bins = sortedBins
        count = sortedBins.reduce(0) { $0 + $1.count }
    }

    /// The count of each non-empty bucket, by bucket index (0 … ``overflowIndex``).
    public var buckets: [Int: Int] {
        Dictionary(uniqueKeysWithValues: bins.map { (Int($0.index), $0.count) })
    }

    /// Whether nothing was recorded.
    public var isEmpty: Bool { count == 0 }

    /// Adds one duration (negative ones, from clocks of different machines, count as zero).
    public mutating func record(_ duration: Duration) {
        add(Int32(Self.index(of: duration)), 1)
        count += 1
    }

    /// Adds every duration recorded in `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        guard !other.bins.isEmpty else { return }
        guard !bins.isEmpty else { self = other; return }
        count += other.count
        // Summing many rows (a week's chart), the buckets soon all exist here: add in place then.
        if addInPlace(other.bins) { return }
        var merged: [Bin] = []
        merged.reserveCapacity(bins.count + other.bins.count)
        var left = 0, right = 0
        while left < bins.count || right < other.bins.count {
            if right == other.bins.count || (left < bins.count && bins[left].index < other.bins[right].index) {
                merged.append(bins[left]); left += 1
            } else if left == bins.count || other.bins[right].index < bins[left].index {
                merged.append(other.bins[right]); right += 1
            } else {
                merged.append(Bin(index: bins[left].index, count: bins[left].count + other.bins[right].count))
                left += 1; right += 1
            }
        }
        bins = merged
    }

    /// Adds `others`' counts to the bins of the same index when every one of them exists here; returns
    /// false, changing nothing, when one does not.
    private mutating func addInPlace(_ others: [Bin]) -> Bool {
        var position = 0
        for other in others {
            while position < bins.count, bins[position].index < other.index { position += 1 }
            guard position < bins.count, bins[position].index == other.index else { return false }
        }
        position = 0
        for other in others {
            while bins[position].index < other.index { position += 1 }
            bins[position].count += other.count
        }
        return true
    }

    /// The duration below which a fraction `p` (0…1, clamped) of the recorded durations lie, by nearest
    /// rank, within ``relativeError``; nil when empty. Durations under 1 µs read as 1 µs / 2, and those of
    /// 7 days or more as 7 days.
    public func percentile(_ p: Double) -> Duration? {
        guard count > 0 else { return nil }
        let rank = max(1, Int((min(max(p, 0), 1) * Double(count)).rounded(.up)))
        var seen = 0
        for bin in bins {
            seen += bin.count
            if seen >= rank { return Self.representative(of: Int(bin.index)) }
        }
        return Self.representative(of: Int(bins[bins.count - 1].index))
    }

    /// Adds `n` to bucket `index`, keeping the bins in order.
    private mutating func add(_ index: Int32, _ n: Int) {
        var low = 0, high = bins.count
        while low < high {
            let middle = (low + high) / 2
            if bins[middle].index < index { low = middle + 1 } else { high = middle }
        }
        if low < bins.count, bins[low].index == index { bins[low].count += n }
        else { bins.insert(Bin(index: index, count: n), at: low) }
    }

    /// The bucket holding `duration`.
    public static func index(of duration: Duration) -> Int {
        let nanoseconds = duration.nanoseconds
        if nanoseconds < smallest.nanoseconds { return 0 }
        if nanoseconds >= largest.nanoseconds { return overflowIndex }
        let position = log(Double(nanoseconds) / Double(smallest.nanoseconds)) / logGrowth
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
