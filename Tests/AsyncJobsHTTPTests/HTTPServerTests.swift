import AsyncJobs
import AsyncJobsHTTP
import AsyncJobsTesting
import CoreMetrics
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Prometheus
import Testing

/// The servers on real loopback sockets.
@Suite struct HTTPServerTests {
    func fetch(_ url: String, method: String = "GET", body: Data? = nil) async throws -> (status: Int, headers: [AnyHashable: Any], body: Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = body
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, http.allHeaderFields, data)
    }

    @Test func theAPIServerRefusesBodiesOverTheLimitAndWritesNothing() async throws {
        let store = MemoryStore()
        try await store.createQueue(Queue(name: "Q"))
        let options = HTTPServerOptions(bind: try BindAddress(parsing: "127.0.0.1:0"), maxBodyBytes: 1024)
        let server = try await HTTPServer.start(options: options, responder: APIResponder(store: store, settings: APISettings(queues: ["Q"])))
        let small = try await fetch("\(server.url)/v1/tasks", method: "POST", body: Data(#"{"type":"t","payload":"hi"}"#.utf8))
        #expect(small.status == 201)
        let big = #"{"type":"t","payload":""# + String(repeating: "x", count: 2000) + #""}"#
        let refused = try await fetch("\(server.url)/v1/tasks", method: "POST", body: Data(big.utf8))
        #expect(refused.status == 413)
        let envelope = try JSONSerialization.jsonObject(with: refused.body) as? [String: [String: Any]]
        #expect(envelope?["error"]?["code"] as? String == "payload_too_large")
        #expect(try await store.countTasks(TaskFilter()) == 1)
        // The server still answers after closing the refused connection.
        #expect(try await fetch("\(server.url)/healthz").status == 200)
        await server.stop()
    }

    @Test func aNonLoopbackBindNeedsUnsafeBindOrClientCertificates() throws {
        #expect(try BindAddress(parsing: "8080") == BindAddress(parsing: "127.0.0.1:8080"))
        #expect(try BindAddress(parsing: "[::1]:9").isLoopback)
        #expect(try BindAddress(parsing: "localhost:9").isLoopback)
        #expect(try !BindAddress(parsing: "0.0.0.0:9").isLoopback)
        #expect(throws: HTTPServerError.unsafeBind("0.0.0.0:9")) {
            try HTTPServerOptions(bind: BindAddress(parsing: "0.0.0.0:9")).checkBindIsSafe()
        }
        try HTTPServerOptions(bind: BindAddress(parsing: "0.0.0.0:9"), unsafeBind: true).checkBindIsSafe()
        try HTTPServerOptions(bind: BindAddress(parsing: "0.0.0.0:9"),
                              tls: TLSSettings(certificatePath: "c", keyPath: "k", clientCAPath: "ca")).checkBindIsSafe()
        #expect(throws: HTTPServerError.self) {
            try HTTPServerOptions(bind: BindAddress(parsing: "0.0.0.0:9"), tls: TLSSettings(certificatePath: "c", keyPath: "k")).checkBindIsSafe()
        }
        for bad in ["", "host", "1.2.3.4:x", "example.com:80", "127.0.0.1:70000"] {
            #expect(throws: HTTPServerError.self, "\(bad)") { try BindAddress(parsing: bad) }
        }
    }

    @Test func theMetricsServerExposesPoolMetricsAndQueueGaugesInPrometheusText() async throws {
        let registry = PrometheusCollectorRegistry()
        let store = MemoryStore()
        try await store.createQueue(Queue(name: "work", maxConcurrent: 3))
        let metrics = JobMetrics(factory: PrometheusBackend.factory(registry: registry))
        var router = Router()
        try router.register("ok") { _, _ in "done" }
        let pool = WorkerPool(store: store, queue: "work", router: router, metrics: metrics)
        let run = Task { try await pool.run() }
        try await TaskProducer(store: store, metrics: metrics).enqueue([JobTask(id: "t1", type: "ok", queue: "work")])
        try await eventually(timeout: .seconds(60), "t1 to complete") { try await store.task(id: "t1").state == .complete }
        pool.stop()
        try await run.value

        let server = try await MetricsServer.start(on: try BindAddress(parsing: "127.0.0.1:0"), store: store, registry: registry)
        let scrape = try await fetch("\(server.url)/metrics")
        #expect(scrape.status == 200)
        let text = String(decoding: scrape.body, as: UTF8.self)
        for line in [
            #"choria_asyncjobs_queue_enqueue_count{queue="work"} 1"#,
            #"choria_asyncjobs_task_update_total{state="complete"} 1"#,
            #"choria_asyncjobs_handler_busy_count 0.0"#,
            #"choria_asyncjobs_handler_runtime_count{queue="work",type="ok"} 1"#,
            #"choria_asyncjobs_task_wait_seconds_count{queue="work"} 1"#,
            #"choria_asyncjobs_queue_max_concurrent{queue="work"} 3.0"#,
            #"choria_asyncjobs_queue_tasks{queue="work",state="complete"} 1.0"#,
            #"choria_asyncjobs_queue_ready{queue="work"} 0.0"#,
        ] {
            #expect(text.contains(line), "missing \(line) in\n\(text)")
        }
        #expect(text.contains("# TYPE choria_asyncjobs_handler_runtime histogram"))
        #expect(try await fetch("\(server.url)/other").status == 404)
        await server.stop()
    }
}
