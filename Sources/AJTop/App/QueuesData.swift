import AsyncJobs

/// The home screen's data.
public struct QueuesData: Sendable, Hashable {
    /// Every queue, sorted by name.
    public var summaries: [QueueSummary]
    /// Each queue's finished tasks per bucket of the throughput window: the sparkline and the error rate.
    public var finished: [String: FinishedCounts]
    /// The newest state changes, oldest first (at most ``Model/homeEvents``), for the space below the table.
    public var latestEvents: [TaskEvent]
    /// Slots held by delayed retries and not by running handlers, by queue (Go workers' NAK delays on a
    /// JetStream store, see ``SlotReporting``); absent where the store cannot tell or none are held.
    public var delayedRetries: [String: Int]
    /// Each queue's 95th percentile of wait (ready → started) over the last five minutes; a queue without
    /// a started attempt in them has none.
    public var waitP95: [String: Duration]

    /// Creates the data.
    public init(summaries: [QueueSummary], finished: [String: FinishedCounts], latestEvents: [TaskEvent] = [],
                delayedRetries: [String: Int] = [:], waitP95: [String: Duration] = [:]) {
        self.summaries = summaries
        self.finished = finished
        self.latestEvents = latestEvents
        self.delayedRetries = delayedRetries
        self.waitP95 = waitP95
    }

    /// Every queue taken together, over the throughput window of `window`: what the totals line shows.
    public func totals(window: Duration) -> Totals {
        var totals = Totals()
        for summary in summaries {
            totals.ready += summary.ready
            totals.active += summary.active
            // MaxConcurrent may be "unlimited" (Int.max): the sum saturates rather than overflows.
            let (sum, overflow) = totals.capacity.addingReportingOverflow(summary.queue.maxConcurrent)
            totals.capacity = overflow ? Int.max : sum
            totals.delayed += delayedRetries[summary.queue.name, default: 0]
            totals.scheduled += summary.scheduled
            totals.failed += summary.failed
        }
        let seconds = max(1, window.seconds)
        let counts = finished.values
        let completed = counts.reduce(0) { $0 + $1.completed.reduce(0, +) }
        totals.failedRecently = counts.reduce(0) { $0 + $1.failed.reduce(0, +) }
        totals.finishedRecently = completed + totals.failedRecently
        totals.inPerSecond = Double(counts.reduce(0) { $0 + $1.arrived.reduce(0, +) }) / seconds
        totals.inIsLowerBound = counts.contains { $0.arrivedIsLowerBound }
        totals.outPerSecond = Double(totals.finishedRecently) / seconds
        return totals
    }

    /// The home screen's totals line: every queue's figures added up.
    public struct Totals: Sendable, Hashable {
        /// Runnable now.
        public var ready = 0
        /// Being handled.
        public var active = 0
        /// The sum of every queue's MaxConcurrent.
        public var capacity = 0
        /// Slots held by delayed retries, not by running handlers.
        public var delayed = 0
        /// Scheduled retries.
        public var scheduled = 0
        /// Expired and terminated tasks.
        public var failed = 0
        /// Tasks enqueued per second over the window.
        public var inPerSecond = 0.0
        /// Whether a store counted only the newest arrivals (after a bulk import): the rate is at least this.
        public var inIsLowerBound = false
        /// Tasks finished (complete or failed) per second over the window.
        public var outPerSecond = 0.0
        /// Failed tasks over the window (the error rate's numerator).
        public var failedRecently = 0
        /// Finished tasks over the window (its denominator).
        public var finishedRecently = 0
    }
}
