/// Enqueues tasks into a store and counts them in the enqueue metrics (asyncjobs'
/// `choria_asyncjobs_queue_enqueue_count` and `…_enqueue_error_count`, and `…_task_update_total{state="new"}`).
///
/// A program that only calls `store.enqueue` directly still works; it just goes uncounted. The HTTP API
/// enqueues through one of these.
public struct TaskProducer: Sendable {
    /// The store tasks go into.
    public let store: any WorkerStore
    /// Where the counts go.
    public let metrics: JobMetrics

    /// A producer for `store`, counting into `metrics`.
    public init(store: any WorkerStore, metrics: JobMetrics = JobMetrics()) {
        self.store = store
        self.metrics = metrics
    }

    /// Enqueues `tasks` all or nothing, as ``WorkerStore/enqueue(_:)`` does, and counts them per queue; a
    /// failure counts one error against each queue the tasks named.
    public func enqueue(_ tasks: [JobTask]) async throws {
        let perQueue = Dictionary(grouping: tasks, by: \.queue).mapValues(\.count)
        do {
            try await store.enqueue(tasks)
        } catch {
            for queue in perQueue.keys.sorted() { metrics.enqueueFailed(queue: queue) }
            throw error
        }
        for (queue, count) in perQueue.sorted(by: { $0.key < $1.key }) { metrics.enqueued(count, queue: queue) }
    }
}
