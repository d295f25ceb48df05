import AsyncJobs
import Prometheus

/// Answers `GET /metrics` with the registry in the Prometheus text format, refreshing the queue gauges
/// from the store first when there is one.
public struct MetricsResponder: HTTPResponder {
    /// The content type of Prometheus' text exposition format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    let registry: PrometheusCollectorRegistry
    let gauges: QueueGauges?

    /// A responder exposing `registry`, with `gauges` refreshed at every scrape.
    public init(registry: PrometheusCollectorRegistry, gauges: QueueGauges?) {
        self.registry = registry
        self.gauges = gauges
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        guard request.segments == ["metrics"] else {
            return HTTPResponse(status: .notFound, contentType: "text/plain; charset=utf-8", body: "only /metrics is served here\n".utf8)
        }
        guard request.method == .GET || request.method == .HEAD else {
            return HTTPResponse(status: .methodNotAllowed, headers: ["Allow": "GET, HEAD"])
        }
        await gauges?.refresh()
        return HTTPResponse(status: .ok, contentType: Self.contentType, body: registry.emitToBuffer())
    }
}
