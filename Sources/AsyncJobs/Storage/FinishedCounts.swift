/// A queue's tasks that finished (and that arrived) in each of the equal time buckets ending now, oldest
/// first: what the dashboard's throughput sparkline, error rate and in/out rates are drawn from.
public struct FinishedCounts: Sendable, Hashable {
    /// Tasks that completed, per bucket.
    public var completed: [Int]
    /// Tasks that ended badly (expired or terminated), per bucket.
    public var failed: [Int]
    /// Tasks enqueued (their `new` event), per bucket.
    public var arrived: [Int]
    /// Whether ``arrived`` is a lower bound: a store may count only the newest ``arrivalsCountLimit``
    /// arrivals of a read, so the dashboard's every-second read stays cheap after a bulk import of a
    /// million tasks (the dashboard then writes `in ≥N/s`).
    public var arrivedIsLowerBound: Bool

    /// The fewest arrivals per queue and read a store must count before it may stop (and say so).
    public static let arrivalsCountLimit = 2_000
    /// How many of the newest buckets the store's event history covers. Older buckets precede its first
    /// recorded event (a new store, or one whose history was cut), so their zeros mean "not recorded",
    /// not "idle".
    public var recordedBuckets: Int

    /// Creates the counts; `recordedBuckets` defaults to every bucket, `arrived` to none in any.
    public init(completed: [Int], failed: [Int], arrived: [Int]? = nil, arrivedIsLowerBound: Bool = false,
                recordedBuckets: Int? = nil) {
        self.completed = completed
        self.failed = failed
        self.arrived = arrived ?? Array(repeating: 0, count: completed.count)
        self.arrivedIsLowerBound = arrivedIsLowerBound
        self.recordedBuckets = recordedBuckets ?? completed.count
    }

    /// No buckets at all.
    public static let empty = FinishedCounts(completed: [], failed: [], recordedBuckets: 0)

    /// The number of buckets from `buckets` of `bucket` each, ending `now`, that begin at or after the first
    /// event of a history starting `firstEvent`: every store computes it this way.
    public static func recorded(buckets: Int, bucket: Duration, now: Timestamp, firstEvent: Timestamp?) -> Int {
        guard let firstEvent, bucket > .zero else { return 0 }
        let back = max(0, (now - firstEvent).nanoseconds) / bucket.nanoseconds
        return Int(min(Int64(buckets), back + 1))
    }

    /// The counts (completed, failed, arrived) of `queue`'s events among `events` (oldest first) for `buckets` buckets of `bucket` ending
    /// `now`, the history beginning at `firstEvent`: every store computes them this way.
    public static func tally(_ events: some Sequence<TaskEvent>, queue: String, buckets: Int, bucket: Duration,
                             now: Timestamp, firstEvent: Timestamp?) -> FinishedCounts {
        guard buckets > 0, bucket > .zero else { return .empty }
        let width = bucket.nanoseconds
        let start = now.nanoseconds - Int64(buckets) * width
        var completed = [Int](repeating: 0, count: buckets)
        var failed = completed
        var arrived = completed
        for event in events where event.queue == queue && event.at.nanoseconds > start && event.at <= now {
            let index = Int((event.at.nanoseconds - start - 1) / width)
            guard index < buckets else { continue }
            switch event.state {
            case .complete: completed[index] += 1
            case .expired, .terminated: failed[index] += 1
            case .new: arrived[index] += 1
            default: break
            }
        }
        let recorded = recorded(buckets: buckets, bucket: bucket, now: now, firstEvent: firstEvent)
        return FinishedCounts(completed: completed, failed: failed, arrived: arrived, recordedBuckets: recorded)
    }
}
