import AsyncJobs
@testable import AsyncJobsHTTP
import AsyncJobsTesting
import Foundation
import NIOHTTP1
import Testing

/// The API's operations against a memory store, called directly (the server around them is tested on a
/// real socket in `HTTPServerTests`).
@Suite struct APIResponderTests {
    let clock = ManualClock()
    let store: MemoryStore
    let api: APIResponder

    init() async throws {
        store = MemoryStore(clock: clock)
        try await store.createQueue(Queue(name: "EMAIL"))
        try await store.createQueue(Queue(name: "OTHER"))
        api = APIResponder(store: store, settings: APISettings(queues: ["EMAIL"]), clock: clock)
    }

    func call(_ method: HTTPMethod, _ target: String, body: String? = nil, headers: HTTPHeaders = [:]) async -> HTTPResponse {
        let request = HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8))!
        return await api.respond(to: request)
    }

    func json(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    /// The envelope's code, reason and field.
    func error(_ response: HTTPResponse) throws -> (code: String?, reason: String?, field: String?) {
        let error = try #require(try json(response)["error"] as? [String: Any])
        let details = error["details"] as? [String: Any]
        #expect(error["message"] is String)
        return (error["code"] as? String, details?["reason"] as? String, details?["field"] as? String)
    }

    @Test func createStoresTheTaskWithAJSONOrBase64PayloadAndSaysWhere() async throws {
        let created = await call(.POST, "/v1/tasks", body: #"{"type":"email:new","payload":{"to":"a@b"},"max_tries":3}"#)
        #expect(created.status == .created)
        let task = try json(created)
        let id = try #require(task["id"] as? String)
        #expect(created.headers.first(name: "Location") == "/v1/tasks/\(id)")
        #expect(task["queue"] as? String == "EMAIL")
        #expect(task["state"] as? String == "new")
        let stored = try await store.task(id: id)
        #expect(stored.payload == Data(#"{"to":"a@b"}"#.utf8))
        #expect(stored.maxTries == 3)

        let raw = await call(.POST, "/v1/tasks", body: #"{"type":"bin","payload_base64":"AAEC","id":"raw-1"}"#)
        #expect(raw.status == .created)
        #expect(try await store.task(id: "raw-1").payload == Data([0, 1, 2]))
        let fetched = try json(await call(.GET, "/v1/tasks/raw-1"))
        #expect(fetched["payload"] as? String == "AAEC")
    }

    @Test(arguments: [
        (#"{"type":"t""#, "invalid_json", nil as String?),
        (#"[1,2]"#, "invalid_json", nil),
        (#"{"type":"t","colour":"red"}"#, "unknown_field", "colour"),
        (#"{"type":5}"#, "wrong_type", "type"),
        (#"{"type":"t","max_tries":"3"}"#, "wrong_type", "max_tries"),
        (#"{"type":"t","max_tries":1.5}"#, "wrong_type", "max_tries"),
        (#"{"payload":1}"#, "required", "type"),
        (#"{"type":"bad type"}"#, "invalid_name", "type"),
        (#"{"type":"t","queue":"OTHER"}"#, "queue_not_served", "queue"),
        (#"{"type":"t","payload":1,"payload_base64":"AA=="}"#, "payload_both_set", "payload"),
        (#"{"type":"t","payload_base64":"%%%"}"#, "invalid_base64", "payload_base64"),
        (#"{"type":"t","deadline":"tomorrow"}"#, "invalid_time", "deadline"),
        (#"{"type":"t","deadline":"9999-01-01T00:00:00Z"}"#, "invalid_time", "deadline"),
        (#"{"type":"t","max_tries":-1}"#, "out_of_range", "max_tries"),
        (#"{"type":"t","max_tries":2147483648}"#, "out_of_range", "max_tries"),
        (#"{"type":"t","payload":null,"payload_base64":"AA=="}"#, "payload_both_set", "payload"),
        (#"{"type":"t","payload_base64":null}"#, "wrong_type", "payload_base64"),
        (#"{"type":"t","deadline":"2250-01-01T00:00:00Z"}"#, "invalid_time", "deadline"),
    ])
    func badCreatesAre400WithTheEnvelopeAndWriteNothing(body: String, reason: String, field: String?) async throws {
        let response = await call(.POST, "/v1/tasks", body: body)
        #expect(response.status == .badRequest)
        let error = try error(response)
        #expect(error.code == "invalid_argument")
        #expect(error.reason == reason)
        #expect(error.field == field)
        #expect(try await store.countTasks(TaskFilter()) == 0)
    }

    @Test func anIdempotencyKeyReturnsTheFirstTaskInsteadOfASecond() async throws {
        let first = await call(.POST, "/v1/tasks", body: #"{"type":"t"}"#, headers: ["Idempotency-Key": "k1"])
        let again = await call(.POST, "/v1/tasks", body: #"{"type":"t"}"#, headers: ["Idempotency-Key": "k1"])
        #expect(first.status == .created)
        #expect(again.status == .ok)
        #expect(try json(first)["id"] as? String == json(again)["id"] as? String)
        #expect(try await store.countTasks(TaskFilter()) == 1)
        // Ten minutes later the key is forgotten, as in asyncjobs.
        clock.advance(by: .seconds(601))
        #expect(await call(.POST, "/v1/tasks", body: #"{"type":"t"}"#, headers: ["Idempotency-Key": "k1"]).status == .created)
        #expect(try await store.countTasks(TaskFilter()) == 2)
        let long = await call(.POST, "/v1/tasks", body: #"{"type":"t"}"#, headers: ["Idempotency-Key": String(repeating: "k", count: 129)])
        #expect(try error(long).reason == "invalid_idempotency_key")
    }

    @Test func listingFiltersByStateQueueTypeAndCreationAndStreamsNDJSON() async throws {
        try await store.enqueue([
            JobTask(id: "old", type: "a", queue: "EMAIL", created: clock.now()),
            JobTask(id: "other", type: "a", queue: "OTHER", created: clock.now() + .seconds(1)),
            JobTask(id: "new-b", type: "b", queue: "EMAIL", created: clock.now() + .seconds(2)),
        ])
        func ids(_ target: String) async throws -> [String] {
            let response = await call(.GET, target)
            #expect(response.status == .ok)
            let body = try json(response)
            let tasks = try #require(body["tasks"] as? [[String: Any]])
            #expect(body["count"] as? Int == tasks.count)
            return tasks.compactMap { $0["id"] as? String }
        }
        #expect(try await ids("/v1/tasks") == ["new-b", "other", "old"])
        #expect(try await ids("/v1/tasks?queue=EMAIL") == ["new-b", "old"])
        #expect(try await ids("/v1/tasks?type=a&limit=1") == ["other"])
        #expect(try await ids("/v1/tasks?state=new&state=complete&queue=OTHER") == ["other"])
        #expect(try await ids("/v1/tasks?state=complete").isEmpty)
        let since = (clock.now() + .seconds(1)).rfc3339
        #expect(try await ids("/v1/tasks?created_since=\(since)") == ["new-b", "other"])
        let stream = await call(.GET, "/v1/tasks?stream=ndjson&queue=EMAIL")
        #expect(stream.headers.first(name: "Content-Type") == "application/x-ndjson")
        let lines = String(decoding: stream.body, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any] != nil)
        for bad in ["limit=0", "limit=1001", "limit=x", "state=done", "created_since=yesterday", "stream=csv"] {
            #expect(await call(.GET, "/v1/tasks?\(bad)").status == .badRequest, "\(bad)")
        }
    }

    @Test func retryDeleteAndBulkRetryReportPerTask() async throws {
        try await store.enqueue([JobTask(id: "t1", type: "a", queue: "EMAIL")])
        #expect(try error(await call(.POST, "/v1/tasks/t1/retry")).code == "conflict")
        _ = try await store.terminate(taskID: "t1")
        let retried = await call(.POST, "/v1/tasks/t1/retry")
        #expect(retried.status == .ok)
        #expect(try json(retried)["state"] as? String == "retry" || json(retried)["state"] as? String == "new")
        _ = try await store.terminate(taskID: "t1")
        let bulk = try json(await call(.POST, "/v1/tasks/retry", body: #"{"ids":["t1","nope"]}"#))
        let results = try #require(bulk["results"] as? [[String: Any]])
        #expect(results.map { $0["status"] as? String } == ["ok", "not_found"])
        #expect(try error(await call(.POST, "/v1/tasks/retry", body: #"{"ids":[]}"#)).reason == "ids_required")
        let many = "[" + (1...101).map { "\"t\($0)\"" }.joined(separator: ",") + "]"
        #expect(try error(await call(.POST, "/v1/tasks/retry", body: #"{"ids":\#(many)}"#)).reason == "ids_too_many")
        #expect(await call(.DELETE, "/v1/tasks/t1").status == .noContent)
        #expect(try error(await call(.GET, "/v1/tasks/t1")).code == "not_found")
        #expect(await call(.DELETE, "/v1/tasks/t1").status == .notFound)
    }

    @Test func queuesAreCreatedListedPurgedAndRemoved() async throws {
        let created = await call(.POST, "/v1/queues", body: #"{"name":"NEW","max_concurrent":5,"max_runtime":"90s","max_age":"0s"}"#)
        #expect(created.status == .created)
        let queue = try await store.queue(named: "NEW")
        #expect(queue.maxConcurrent == 5)
        #expect(queue.maxRunTime == .seconds(90))
        #expect(queue.maxTries == -1)
        #expect(try json(created)["max_runtime"] as? Int == 90_000_000_000)
        #expect(try error(await call(.POST, "/v1/queues", body: #"{"name":"NEW"}"#)).reason == "exists")
        #expect(try error(await call(.POST, "/v1/queues", body: #"{"name":"X","max_runtime":"soon"}"#)).reason == "invalid_duration")
        #expect(try error(await call(.POST, "/v1/queues", body: #"{"name":"X","max_concurrent":-2}"#)).reason == "out_of_range")
        #expect(try error(await call(.POST, "/v1/queues", body: #"{"name":"X","max_runtime":"-5s"}"#)).reason == "invalid_duration")
        #expect(try await store.queues().map(\.name) == ["EMAIL", "NEW", "OTHER"])
        let listed = try #require(try json(await call(.GET, "/v1/queues"))["queues"] as? [[String: Any]])
        #expect(listed.map { $0["name"] as? String } == ["EMAIL", "NEW", "OTHER"])
        try await store.enqueue([JobTask(id: "w", type: "a", queue: "NEW")])
        let purged = await call(.POST, "/v1/queues/NEW/purge")
        #expect(purged.status == .accepted)
        #expect(try json(purged)["purged"] as? Int == 1)
        #expect(await call(.DELETE, "/v1/queues/NEW").status == .noContent)
        #expect(try error(await call(.GET, "/v1/queues/NEW")).code == "not_found")
    }

    @Test func schedulesAreCreatedListedReadAndDeleted() async throws {
        let created = await call(.POST, "/v1/schedules", body: #"{"name":"nightly","schedule":"daily","task_type":"report","payload":{"full":true},"deadline":"1h","time_zone":"Europe/Paris","missed_fires":"skip"}"#)
        #expect(created.status == .created)
        #expect(created.headers.first(name: "Location") == "/v1/schedules/nightly")
        let body = try json(created)
        #expect(body["schedule"] as? String == "@daily")
        #expect(body["queue"] as? String == "EMAIL")
        #expect(body["payload"] as? String == Data(#"{"full":true}"#.utf8).base64EncodedString())
        #expect(body["deadline"] as? Int == 3_600_000_000_000)
        #expect(body["missed_fires"] as? String == "skip")
        #expect(body["next_fire"] as? String == "2026-01-01T23:00:00Z")  // Paris midnight after the clock's start
        #expect(try await store.schedule(named: "nightly").timeZone == "Europe/Paris")
        let listed = try #require(try json(await call(.GET, "/v1/schedules"))["schedules"] as? [[String: Any]])
        #expect(listed.map { $0["name"] as? String } == ["nightly"])
        #expect(try json(await call(.GET, "/v1/schedules/nightly"))["task_type"] as? String == "report")
        #expect(await call(.POST, "/v1/schedules", body: #"{"name":"nightly","schedule":"@daily","task_type":"r"}"#).status == .conflict)
        #expect(try error(await call(.POST, "/v1/schedules", body: #"{"name":"x","schedule":"61 * * * *","task_type":"r"}"#)).reason
                == "invalid_setting")
        #expect(try error(await call(.POST, "/v1/schedules", body: #"{"name":"x","schedule":"@daily","task_type":"r","queue":"OTHER"}"#)).reason
                == "queue_not_served")
        #expect(await call(.DELETE, "/v1/schedules/nightly").status == .noContent)
        #expect(try error(await call(.GET, "/v1/schedules/nightly")).code == "not_found")
    }

    @Test func unknownPathsAndMethodsAreRefusedAndTheDocumentListsWhatIsServed() async throws {
        #expect(try error(await call(.GET, "/v1/elections")).code == "not_found")
        let wrong = await call(.PUT, "/v1/tasks")
        #expect(wrong.status == .methodNotAllowed)
        #expect(wrong.headers.first(name: "Allow") == "GET, POST")
        let document = try json(await call(.GET, "/v1/openapi.json"))
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        #expect(Set(paths.keys) == ["/healthz", "/readyz", "/v1/openapi.json", "/v1/info", "/v1/retry-policies", "/v1/tasks",
                                    "/v1/tasks/retry", "/v1/tasks/{id}", "/v1/tasks/{id}/retry", "/v1/queues",
                                    "/v1/queues/{name}", "/v1/queues/{name}/purge", "/v1/schedules", "/v1/schedules/{name}"])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let create = try #require(schemas["TaskCreateRequest"] as? [String: Any])
        let queue = try #require((create["properties"] as? [String: Any])?["queue"] as? [String: Any])
        #expect(queue["enum"] as? [String] == ["EMAIL"])
        // The document's formats are the ones the server enforces.
        let properties = try #require(create["properties"] as? [String: [String: Any]])
        #expect(properties["deadline"]?["pattern"] as? String == APIFormats.timePattern)
        #expect(properties["type"]?["pattern"] as? String == NameValidation.pattern)
        let queueCreate = try #require((schemas["QueueCreateRequest"] as? [String: Any])?["properties"] as? [String: [String: Any]])
        #expect(queueCreate["max_runtime"]?["pattern"] as? String == APIFormats.durationPattern)
        #expect(try json(await call(.GET, "/healthz"))["status"] as? String == "ok")
        #expect(try json(await call(.GET, "/readyz"))["ready"] as? Bool == true)
        let info = try json(await call(.GET, "/v1/info"))
        #expect(info["queue_count"] as? Int == 2)
        #expect(info["auth"] as? String == "none")
        let policies = try #require(try json(await call(.GET, "/v1/retry-policies"))["policies"] as? [[String: Any]])
        #expect(policies.first?["name"] as? String == "default")
        #expect((policies.first?["intervals"] as? [Int])?.count == 50)
    }
}
