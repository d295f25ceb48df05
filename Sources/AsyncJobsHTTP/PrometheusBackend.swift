import AsyncJobs
import CoreMetrics
import Prometheus
import Synchronization

/// The Prometheus backend for the engine's swift-metrics: a registry, the factory that records into it with
/// histogram buckets fit for job queues, and the one-time process-wide bootstrap.
public enum PrometheusBackend {
    /// Buckets for the run-time and wait-time histograms: job handlers run from milliseconds to the default
    /// MaxRunTime of an hour, and tasks may wait as long, so the library's default (5 ms to 10 s) is too short.
    public static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
        .milliseconds(500), .seconds(1), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        .seconds(300), .seconds(600), .seconds(1800), .seconds(3600),
    ]

    /// A factory recording into `registry`, with ``durationBuckets`` for every duration histogram.
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets
        return factory
    }

    private static let bootstrapped = Mutex<PrometheusCollectorRegistry?>(nil)

    /// The registry the process's global `MetricsSystem` records into, bootstrapping it on first use.
    ///
    /// swift-metrics allows one bootstrap per process; a program that bootstrapped another backend itself
    /// should serve its own registry instead (``MetricsServer/init(registry:store:)``).
    public static func bootstrapGlobal() -> PrometheusCollectorRegistry {
        bootstrapped.withLock { registry in
            if let registry { return registry }
            let created = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(factory(registry: created))
            registry = created
            return created
        }
    }
}
