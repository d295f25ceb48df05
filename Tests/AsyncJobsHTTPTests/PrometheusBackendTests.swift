import AsyncJobs
import AsyncJobsHTTP
import CoreMetrics
import Prometheus
import Testing

@Suite struct PrometheusBackendTests {
    @Test func durationHistogramsUseTheJobQueueBuckets() {
        let registry = PrometheusCollectorRegistry()
        let timer = CoreMetrics.Timer(label: MetricNames.handlerRuntime, dimensions: [("queue", "Q"), ("type", "t")],
                                      factory: PrometheusBackend.factory(registry: registry))
        timer.recordNanoseconds(Int64(90) * 1_000_000_000)
        let text = registry.emitToString()
        #expect(text.contains(#"choria_asyncjobs_handler_runtime_bucket{queue="Q",type="t",le="60.0"} 0"#))
        #expect(text.contains(#"choria_asyncjobs_handler_runtime_bucket{queue="Q",type="t",le="300.0"} 1"#))
        #expect(text.contains(#"choria_asyncjobs_handler_runtime_count{queue="Q",type="t"} 1"#))
    }
}
