import ArgumentParser
import AsyncJobs
import AsyncJobsHTTP

/// `--monitor PORT` (or `HOST:PORT`): serve Prometheus metrics at `/metrics`, on 127.0.0.1 unless an address
/// is given.
struct MonitorOption: ParsableArguments {
    @Option(help: ArgumentHelp("Serve Prometheus metrics at /metrics on this port (127.0.0.1), or on HOST:PORT.",
                               valueName: "port"))
    var monitor: String?

    func validate() throws {
        if let monitor {
            do { _ = try BindAddress(parsing: monitor) } catch { throw ValidationError("--monitor: \(error)") }
        }
    }

    /// Starts the metrics server when asked, before any pool exists, so the pools record into Prometheus.
    func start(store: any InspectorStore) async throws -> HTTPServer? {
        guard let monitor else { return nil }
        let server = try await MetricsServer.start(on: try BindAddress(parsing: monitor), store: store)
        Diagnostics.note("Serving metrics on \(server.url)/metrics")
        return server
    }
}
