import CoreMetrics
import Synchronization

/// The queue gauges (ready, active, MaxConcurrent, scheduled, paused, oldest-ready age and tasks per state,
/// each `{queue}`), read from an ``InspectorStore`` when a scrape asks, not on a timer, so an idle exporter
/// costs the store nothing. Figures are the whole store's, across every process sharing it.
public final class QueueGauges: Sendable {
    private let store: any InspectorStore
    private let factory: any MetricsFactory
    private let clock: any JobClock
    /// The gauges of every queue seen in the last refresh, so those of removed queues can be dropped.
    private let gauges = Mutex<[String: [Gauge]]>([:])
    private let readErrors: Counter

    /// Gauges of `store`'s queues, recorded into `factory`.
    public init(store: any InspectorStore, factory: any MetricsFactory = MetricsSystem.factory,
                clock: any JobClock = SystemClock()) {
        self.store = store
        self.factory = factory
        self.clock = clock
        self.readErrors = Counter(label: MetricNames.queueGaugeErrors, factory: factory)
    }

    /// Reads every queue's summary and records it; a queue removed since the last refresh loses its gauges.
    /// When the store cannot be read, the gauges keep their last values and the read-error counter rises.
    public func refresh() async {
        let summaries: [QueueSummary]
        do {
            summaries = try await store.summaries()
        } catch {
            readErrors.increment()
            return
        }
        let now = clock.now()
        var fresh: [String: [Gauge]] = [:]
        for summary in summaries {
            fresh[summary.queue.name] = record(summary, now: now)
        }
        let removed = gauges.withLock { gauges in
            defer { gauges = fresh }
            return gauges.filter { fresh[$0.key] == nil }.values.flatMap { $0 }
        }
        for gauge in removed { gauge.destroy() }
    }

    private func record(_ summary: QueueSummary, now: Timestamp) -> [Gauge] {
        let queue = [("queue", summary.queue.name)]
        func gauge(_ name: String, _ value: Double, _ labels: [(String, String)]) -> Gauge {
            let gauge = Gauge(label: name, dimensions: labels, factory: factory)
            gauge.record(value)
            return gauge
        }
        var recorded = [
            gauge(MetricNames.queueReady, Double(summary.ready), queue),
            gauge(MetricNames.queueActive, Double(summary.active), queue),
            gauge(MetricNames.queueMaxConcurrent, Double(summary.queue.maxConcurrent), queue),
            gauge(MetricNames.queueScheduled, Double(summary.scheduled), queue),
            gauge(MetricNames.queuePaused, summary.queue.paused ? 1 : 0, queue),
            gauge(MetricNames.queueOldestReadyAge, summary.oldestReady.map { max(0, (now - $0).seconds) } ?? 0, queue),
        ]
        for state in TaskState.allCases {
            recorded.append(gauge(MetricNames.queueTasks, Double(summary.count(state)), queue + [("state", state.rawValue)]))
        }
        return recorded
    }
}
