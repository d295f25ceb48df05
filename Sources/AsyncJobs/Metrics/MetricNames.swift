/// The names the engine records its metrics under: asyncjobs' own (`choria_asyncjobs_*`) where asyncjobs
/// has the metric, so dashboards and alerts written for asyncjobs keep working, and names in the same
/// namespace for what asyncjobs lacks. `docs/metrics.md` lists each with its labels and meaning.
public enum MetricNames {
    /// The namespace every name starts with.
    public static let namespace = "choria_asyncjobs"

    // asyncjobs' names.

    /// Counter `{queue}`: tasks enqueued.
    public static let enqueued = "\(namespace)_queue_enqueue_count"
    /// Counter `{queue}`: enqueue calls that failed (invalid task, full or missing queue, store error).
    public static let enqueueErrors = "\(namespace)_queue_enqueue_error_count"
    /// Counter `{queue}`: claims a worker pool made (asyncjobs counts its pulls).
    public static let polls = "\(namespace)_queue_poll_total"
    /// Counter `{queue}`: claims that failed.
    public static let pollErrors = "\(namespace)_queue_poll_error_total"
    /// Counter `{state}`: task state changes this process wrote.
    public static let taskUpdates = "\(namespace)_task_update_total"
    /// Counter: task state writes that failed (the store kept refusing an attempt's result).
    public static let taskUpdateErrors = "\(namespace)_task_update_error_total"
    /// Gauge: handlers running now in this process.
    public static let handlersBusy = "\(namespace)_handler_busy_count"
    /// Counter `{queue, type}`: attempts whose handler failed (threw, or overran MaxRunTime).
    public static let handlerErrors = "\(namespace)_handler_error_total"
    /// Histogram `{queue, type}`, seconds: how long handlers ran (asyncjobs has a summary here; a histogram
    /// can be aggregated across workers).
    public static let handlerRuntime = "\(namespace)_handler_runtime"

    // Beyond asyncjobs.

    /// Histogram `{queue}`, seconds: from a task's creation to the start of its first attempt.
    public static let waitTime = "\(namespace)_task_wait_seconds"
    /// Gauge `{queue}`: tasks runnable now (`new`, and `retry` whose time has come).
    public static let queueReady = "\(namespace)_queue_ready"
    /// Gauge `{queue}`: leases held now across every process (what MaxConcurrent limits).
    public static let queueActive = "\(namespace)_queue_active"
    /// Gauge `{queue}`: the queue's MaxConcurrent.
    public static let queueMaxConcurrent = "\(namespace)_queue_max_concurrent"
    /// Gauge `{queue}`: retries waiting for their time.
    public static let queueScheduled = "\(namespace)_queue_scheduled"
    /// Gauge `{queue}`: 1 when the queue is paused.
    public static let queuePaused = "\(namespace)_queue_paused"
    /// Gauge `{queue}`, seconds: how long the oldest ready task has waited (0 when none waits).
    public static let queueOldestReadyAge = "\(namespace)_queue_oldest_ready_age_seconds"
    /// Gauge `{queue, state}`: tasks of the queue in each state.
    public static let queueTasks = "\(namespace)_queue_tasks"
    /// Counter: reads of the store for the queue gauges that failed (the gauges then keep their last values).
    public static let queueGaugeErrors = "\(namespace)_queue_gauge_read_error_total"
}
