import AsyncJobs
import Prometheus

/// The one call an embedding program makes to serve `/metrics`.
public enum MetricsServer {
    /// The port asyncjobs' generated workers serve metrics on.
    public static let defaultPort = 8080

    /// Serves `/metrics` on `bind` (a bare port means 127.0.0.1; another address is served because the
    /// caller named it, and metrics are read-only).
    ///
    /// With no `registry`, the process's `MetricsSystem` is bootstrapped with Prometheus (once), so
    /// call this before creating worker pools: they record into the backend bootstrapped when they are
    /// made. With a `store`, every scrape also reads the queue gauges from it.
    public static func start(on bind: BindAddress, store: (any InspectorStore)? = nil,
                             registry: PrometheusCollectorRegistry? = nil) async throws(HTTPServerError) -> HTTPServer {
        let registry = registry ?? PrometheusBackend.bootstrapGlobal()
        let gauges = store.map { QueueGauges(store: $0, factory: PrometheusBackend.factory(registry: registry)) }
        return try await HTTPServer.start(options: HTTPServerOptions(bind: bind, unsafeBind: true),
                                          responder: MetricsResponder(registry: registry, gauges: gauges))
    }
}
