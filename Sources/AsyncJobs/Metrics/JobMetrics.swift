import CoreMetrics
import Synchronization

/// Records what the engine does as swift-metrics metrics under ``MetricNames``, so the embedding program
/// picks the backend (Prometheus through `AsyncJobsHTTP`, or any other swift-metrics backend).
///
/// Metric objects are made once per name and label values and kept, because a pool records several per
/// task and making one goes through the backend's registry lock. A `JobMetrics` records into the factory it
/// was created with: make it (or the pool) after bootstrapping `MetricsSystem`.
public final class JobMetrics: Sendable {
    private struct Key: Hashable {
        let name: String
        let labels: [String]
    }

    private let factory: any MetricsFactory
    private let counters = Mutex<[Key: Counter]>([:])
    private let timers = Mutex<[Key: CoreMetrics.Timer]>([:])
    private let busy: Meter

    /// Metrics recorded into `factory`, by default the process's bootstrapped `MetricsSystem`.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        self.busy = Meter(label: MetricNames.handlersBusy, factory: factory)
    }

    // MARK: Producing

    /// `count` tasks were enqueued into `queue`; each became `new`.
    public func enqueued(_ count: Int, queue: String) {
        counter(MetricNames.enqueued, ["queue": queue]).increment(by: count)
        taskUpdated(to: .new, count: count)
    }

    /// An enqueue into `queue` failed.
    public func enqueueFailed(queue: String) {
        counter(MetricNames.enqueueErrors, ["queue": queue]).increment()
    }

    /// This process wrote `count` tasks into `state`.
    public func taskUpdated(to state: TaskState, count: Int = 1) {
        counter(MetricNames.taskUpdates, ["state": state.rawValue]).increment(by: count)
    }

    // MARK: Working

    /// A pool asked `queue` for work.
    func polled(queue: String) {
        counter(MetricNames.polls, ["queue": queue]).increment()
    }

    /// A pool's claim on `queue` failed.
    func pollFailed(queue: String) {
        counter(MetricNames.pollErrors, ["queue": queue]).increment()
    }

    /// A pool leased `claim` and starts its handler.
    func started(_ claim: Claim) {
        taskUpdated(to: .active)
        busy.increment()
        // Only a first attempt's start measures queueing; later ones include retry back-off by design.
        if claim.attempt == 1 {
            timer(MetricNames.waitTime, ["queue": claim.queue.name]).recordNanoseconds(max(0, (claim.started - claim.task.created).nanoseconds))
        }
    }

    /// `claim`'s attempt ended at `ended`; `handlerFailed` when its handler threw or overran MaxRunTime;
    /// `receipt` is what the store did with the resolution (nil: it kept failing).
    func finished(_ claim: Claim, ended: Timestamp, handlerFailed: Bool, receipt: ResolutionReceipt?) {
        let labels: KeyValuePairs<String, String> = ["queue": claim.queue.name, "type": claim.task.type]
        timer(MetricNames.handlerRuntime, labels).recordNanoseconds(max(0, (ended - claim.started).nanoseconds))
        if handlerFailed { counter(MetricNames.handlerErrors, labels).increment() }
        switch receipt {
        case .applied(let state): taskUpdated(to: state)
        case .terminatedByOperator: taskUpdated(to: .terminated)
        case .leaseLost: break
        case nil: counter(MetricNames.taskUpdateErrors, [:]).increment()
        }
    }

    /// A handler slot was freed (its handler returned, or the pool stopped waiting for it).
    func released() {
        busy.decrement()
    }

    // MARK: Metric objects

    private func counter(_ name: String, _ labels: KeyValuePairs<String, String>) -> Counter {
        let key = Key(name: name, labels: labels.map { $0.value })
        return counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(label: name, dimensions: labels.map { ($0.key, $0.value) }, factory: factory)
            counters[key] = counter
            return counter
        }
    }

    private func timer(_ name: String, _ labels: KeyValuePairs<String, String>) -> CoreMetrics.Timer {
        let key = Key(name: name, labels: labels.map { $0.value })
        return timers.withLock { timers in
            if let timer = timers[key] { return timer }
            let timer = CoreMetrics.Timer(label: name, dimensions: labels.map { ($0.key, $0.value) }, factory: factory)
            timers[key] = timer
            return timer
        }
    }
}
