import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `ajc server run` and `ajc task process --monitor` as real processes, spoken to over loopback HTTP.
@Suite struct ServerRunTests {
    /// Starts `ajc arguments…` and waits for the line announcing its URL; returns the process and the URL.
    func serve(_ ajc: AJCProcess, _ arguments: [String], announcing prefix: String) async throws -> (AJCProcess.Running, String) {
        let process = try ajc.start(arguments)
        var url = ""
        try await process.waitFor("\(prefix) line") { _, stderr in
            guard let line = stderr.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return false }
            // The URL is the first word after the prefix; the metrics line names the /metrics path itself.
            let word = line.dropFirst(prefix.count).prefix { $0 != " " }
            url = word.hasSuffix("/metrics") ? String(word.dropLast("/metrics".count)) : String(word)
            return true
        }
        return (process, url)
    }

    func fetch(_ url: String, method: String = "GET", body: String? = nil, headers: [String: String] = [:]) async throws -> (status: Int, json: Any?) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, try? JSONSerialization.jsonObject(with: data))
    }

    @Test func theServerCreatesListsAndRetriesTasksInTheStoreAndRefusesBadInput() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "EMAIL")
        let (server, base) = try await serve(ajc, ["server", "run", "--bind", "127.0.0.1:0", "--queue", "EMAIL"],
                                             announcing: "Serving the HTTP API on ")
        defer { server.signal(SIGKILL) }
        let created = try await fetch("\(base)/v1/tasks", method: "POST", body: #"{"type":"email:new","payload":{"to":"x"}}"#,
                                      headers: ["Idempotency-Key": "order-1"])
        #expect(created.status == 201)
        let id = try #require((created.json as? [String: Any])?["id"] as? String)
        // The task is in the store, as the CLI sees it.
        let viewed = try await ajc.task(id)
        #expect(viewed["queue"] as? String == "EMAIL")
        #expect(viewed["payload"] as? String == Data(#"{"to":"x"}"#.utf8).base64EncodedString())
        let replay = try await fetch("\(base)/v1/tasks", method: "POST", body: #"{"type":"email:new"}"#, headers: ["Idempotency-Key": "order-1"])
        #expect(replay.status == 200)
        #expect((replay.json as? [String: Any])?["id"] as? String == id)

        let before = try await ajc.dump()
        for body in [#"{"type":"t","queue":"OTHER"}"#, #"{"type":"t","extra":1}"#, #"{"type":"t""#, #"{"type":["t"]}"#] {
            let refused = try await fetch("\(base)/v1/tasks", method: "POST", body: body)
            #expect(refused.status == 400, "\(body)")
            #expect(((refused.json as? [String: Any])?["error"] as? [String: Any])?["code"] as? String == "invalid_argument")
        }
        #expect(try await ajc.dump() == before)

        let listed = try await fetch("\(base)/v1/tasks?queue=EMAIL&state=new")
        #expect((listed.json as? [String: Any])?["count"] as? Int == 1)
        try await ajc.ok("task", "terminate", id)
        #expect(try await fetch("\(base)/v1/tasks/\(id)/retry", method: "POST").status == 200)
        #expect(try await ajc.task(id)["state"] as? String != "terminated")
        let queues = try await fetch("\(base)/v1/queues/EMAIL")
        #expect((queues.json as? [String: Any])?["name"] as? String == "EMAIL")
        server.signal(SIGTERM)
        #expect(await server.exitStatus(within: .seconds(10)) == 0)
    }

    @Test func theServerRefusesUnsafeAddressesAndMissingQueues() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "EMAIL")
        let unsafe = try await ajc("server", "run", "--bind", "0.0.0.0:0", "--queue", "EMAIL")
        #expect(unsafe.status == 1)
        #expect(unsafe.stderr.contains("not a loopback address"))
        let missing = try await ajc("server", "run", "--bind", "127.0.0.1:0", "--queue", "NOPE")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("queue NOPE not found"))
        let noQueue = try await ajc("server", "run")
        #expect(noQueue.status == 2)
        #expect(noQueue.stderr.contains("--queue is required"))
    }

    @Test func taskProcessServesMetricsWithTheWorkItDid() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        try await ajc.ok("task", "add", "ok", "{}", "-q", "W", "--id", "m1")
        try await ajc.ok("task", "add", "bad", "{}", "-q", "W", "--id", "m2")
        let (worker, base) = try await serve(ajc, ["task", "process", "", "W", "2", #"[ "$AJ_TASK_TYPE" = ok ] || exit 3"#, "--monitor", "0"],
                                             announcing: "Serving metrics on ")
        defer { worker.signal(SIGKILL) }
        #expect(base.hasPrefix("http://127.0.0.1:"))
        _ = try await ajc.waitForTask("m1", "complete") { $0["state"] as? String == "complete" }
        _ = try await ajc.waitForTask("m2", "retry") { $0["state"] as? String == "retry" }
        var request = URLRequest(url: URL(string: "\(base)/metrics")!)
        request.httpMethod = "GET"
        let (data, _) = try await URLSession.shared.data(for: request)
        let text = String(decoding: data, as: UTF8.self)
        for line in [
            #"choria_asyncjobs_task_update_total{state="complete"} 1"#,
            #"choria_asyncjobs_task_update_total{state="retry"} 1"#,
            #"choria_asyncjobs_handler_error_total{queue="W",type="bad"} 1"#,
            #"choria_asyncjobs_handler_runtime_count{queue="W",type="ok"} 1"#,
            #"choria_asyncjobs_queue_tasks{queue="W",state="complete"} 1.0"#,
            #"choria_asyncjobs_queue_max_concurrent{queue="W"} 100.0"#,
        ] {
            #expect(text.contains(line), "missing \(line) in\n\(text)")
        }
        worker.signal(SIGTERM)
        #expect(await worker.exitStatus(within: .seconds(10)) == 0)
    }

    /// Runs a tool to completion without blocking a thread; its status and stdout.
    func tool(_ path: String, _ arguments: [String], _ ajc: AJCProcess) async throws -> (status: Int32, stdout: String) {
        let result = try await ajc.start(arguments, executable: URL(fileURLWithPath: path)).finish()
        return (result.status, result.stdout)
    }

    @Test func withClientCertificatesOnlyClientsSignedByTheCAGetIn() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "EMAIL")
        let file = { (name: String) in ajc.folder.appendingPathComponent(name).path }
        // A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA.
        let openssl = "/usr/bin/openssl"
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Data("subjectAltName=IP:127.0.0.1\n".utf8).write(to: URL(fileURLWithPath: file("san.ext")))
        let signed = ["-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial", "-days", "1"]
        for step in [
            ["req", "-x509"] + key + ["-keyout", file("ca.key"), "-out", file("ca.pem"), "-days", "1", "-subj", "/CN=test-ca"],
            ["req"] + key + ["-keyout", file("server.key"), "-out", file("server.csr"), "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", file("server.csr"), "-out", file("server.pem"), "-extfile", file("san.ext")] + signed,
            ["req"] + key + ["-keyout", file("client.key"), "-out", file("client.csr"), "-subj", "/CN=client"],
            ["x509", "-req", "-in", file("client.csr"), "-out", file("client.pem")] + signed,
        ] {
            #expect(try await tool(openssl, step, ajc).status == 0, "openssl \(step)")
        }
        let (server, base) = try await serve(ajc, ["server", "run", "--bind", "127.0.0.1:0", "--queue", "EMAIL", "--tls-cert", file("server.pem"),
                                                   "--tls-key", file("server.key"), "--tls-client-ca", file("ca.pem")],
                                             announcing: "Serving the HTTP API on ")
        defer { server.signal(SIGKILL) }
        #expect(base.hasPrefix("https://"))
        let curl = "/usr/bin/curl"
        let trusted = try await tool(curl, ["-s", "--cacert", file("ca.pem"), "--cert", file("client.pem"), "--key", file("client.key"), "\(base)/v1/info"], ajc)
        #expect(trusted.status == 0)
        #expect(trusted.stdout.contains(#""auth":"mtls""#))
        let anonymous = try await tool(curl, ["-s", "--cacert", file("ca.pem"), "\(base)/v1/info"], ajc)
        #expect(anonymous.status != 0)
        #expect(anonymous.stdout.isEmpty)
    }
}
