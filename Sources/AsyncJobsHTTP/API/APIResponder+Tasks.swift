import AsyncJobs
import Foundation
import NIOHTTP1

extension APIResponder {
    /// The default and the largest `limit` of a listing, as in asyncjobs.
    static let defaultListLimit = 200
    static let maxListLimit = 1000
    /// Most ids in one bulk retry.
    static let maxBulkRetry = 100

    // MARK: Create

    func createTask(_ request: HTTPRequest) async throws -> HTTPResponse {
        let key = request.headers.first(name: "Idempotency-Key")
        if let key {
            guard !key.isEmpty, key.count <= IdempotencyCache.maxKeyLength else {
                throw APIError.invalid("Idempotency-Key must be 1 to \(IdempotencyCache.maxKeyLength) characters",
                                       reason: "invalid_idempotency_key", field: "Idempotency-Key")
            }
        }
        // Validate first: a bad body is refused whatever the key, and nothing is reserved for it.
        let task = try newTask(from: request.body)
        guard let key else { return try await enqueue(task) }
        switch idempotency.lookup(key) {
        case .inProgress:
            throw APIError(status: .conflict, code: "conflict", message: "a request with this Idempotency-Key is still running; retry it",
                           reason: "idempotency_in_progress", field: "Idempotency-Key")
        case .created(let id):
            if let existing = try? await store.task(id: id) { return taskResponse(.ok, existing) }
            // The remembered task is gone: create afresh under the same key.
            fallthrough
        case .reserved:
            do {
                let response = try await enqueue(task)
                idempotency.remember(key, taskID: task.id)
                return response
            } catch {
                idempotency.release(key)
                throw error
            }
        }
    }

    private func enqueue(_ task: JobTask) async throws -> HTTPResponse {
        try await producer.enqueue([task])
        return taskResponse(.created, task)
    }

    private func taskResponse(_ status: HTTPResponseStatus, _ task: JobTask) -> HTTPResponse {
        var response = HTTPResponse.json(status, task.wireJSON)
        response.headers.add(name: "Location", value: "/v1/tasks/\(task.id)")
        return response
    }

    /// The task a create request describes, validated completely.
    private func newTask(from body: [UInt8]) throws -> JobTask {
        let fields = try JSONObjectReader(body: body, allowed: ["id", "type", "queue", "payload", "payload_base64", "deadline", "max_tries"])
        guard let type = try fields.string("type") else { throw APIError.invalid("type is required", reason: "required", field: "type") }
        let queue = try servedQueue(try fields.string("queue"))
        let payload = try fields.payload()
        let maxTries = try fields.integer("max_tries", in: 0...APIFormats.maxInteger) ?? JobTask.defaultMaxTries
        let task = JobTask(id: try fields.string("id") ?? KSUID.make(), type: type, queue: queue, payload: payload,
                           deadline: try fields.time("deadline"), maxTries: maxTries, created: clock.now())
        try task.validate()
        return task
    }

    /// The queue a create goes to: the one named, if this server serves it, else the only one served.
    func servedQueue(_ named: String?) throws(APIError) -> String {
        let served = settings.servedQueues
        if let named {
            guard served.contains(named) else {
                throw .invalid("queue \(named) is not served here; this server enqueues only to \(served.joined(separator: ", "))",
                               reason: "queue_not_served", field: "queue")
            }
            return named
        }
        guard served.count == 1 else {
            throw .invalid("queue is required: this server serves \(served.joined(separator: ", "))", reason: "required", field: "queue")
        }
        return served[0]
    }

    // MARK: Read, delete, retry

    func getTask(_ id: String) async throws -> HTTPResponse {
        .json(.ok, try await store.task(id: id).wireJSON)
    }

    func deleteTask(_ id: String) async throws -> HTTPResponse {
        // Deleting is idempotent in stores; the API reports a missing task as asyncjobs does.
        _ = try await store.task(id: id)
        try await store.deleteTask(id: id)
        return HTTPResponse(status: .noContent)
    }

    func retryTask(_ id: String) async throws -> HTTPResponse {
        let task = try await store.retry(taskID: id)
        producer.metrics.taskUpdated(to: task.state)
        return .json(.ok, task.wireJSON)
    }

    func retryTasks(_ request: HTTPRequest) async throws -> HTTPResponse {
        let fields = try JSONObjectReader(body: request.body, allowed: ["ids"])
        guard let ids = try fields.strings("ids"), !ids.isEmpty else {
            throw APIError.invalid("ids is required: 1 to \(Self.maxBulkRetry) task ids", reason: "ids_required", field: "ids")
        }
        guard ids.count <= Self.maxBulkRetry else {
            throw APIError.invalid("ids may not exceed \(Self.maxBulkRetry) entries", reason: "ids_too_many", field: "ids")
        }
        var results: [JSONValue] = []
        for id in ids {
            do {
                let task = try await store.retry(taskID: id)
                producer.metrics.taskUpdated(to: task.state)
                results.append(["id": .string(id), "status": "ok"])
            } catch JobError.taskNotFound {
                results.append(["id": .string(id), "status": "not_found", "error": .string(JobError.taskNotFound(id).description)])
            } catch {
                results.append(["id": .string(id), "status": "failed", "error": .string(String(describing: error))])
            }
        }
        return .json(.ok, JSONValue.object(["results": .array(results)]).jsonData)
    }

    // MARK: List

    func listTasks(_ request: HTTPRequest) async throws -> HTTPResponse {
        var limit = Self.defaultListLimit
        if let text = request.queryValues("limit").last {
            guard let value = Int(text), (1...Self.maxListLimit).contains(value) else {
                throw APIError.invalid("limit must be an integer from 1 to \(Self.maxListLimit), got \"\(text)\"", reason: "limit_invalid", field: "limit")
            }
            limit = value
        }
        var states: Set<TaskState> = []
        for name in request.queryValues("state") {
            guard let state = TaskState(rawValue: name) else {
                throw APIError.invalid("unknown state \"\(name)\"", reason: "invalid_state", field: "state")
            }
            states.insert(state)
        }
        var since: Timestamp?
        if let text = request.queryValues("created_since").last {
            guard let parsed = APIFormats.time(text) else {
                throw APIError.invalid("created_since must be an RFC 3339 time, got \"\(text)\"", reason: "invalid_time", field: "created_since")
            }
            since = parsed
        }
        let stream = request.queryValues("stream").last
        if let stream, stream != "ndjson" {
            throw APIError.invalid("stream must be ndjson, got \"\(stream)\"", reason: "invalid_stream", field: "stream")
        }
        let filter = TaskFilter(queue: request.queryValues("queue").last, states: states.isEmpty ? nil : states,
                                type: request.queryValues("type").last, limit: limit)
        var tasks = try await store.tasks(filter)
        // Newest first, so the tasks created since a time are a prefix of the listing.
        if let since { tasks = Array(tasks.prefix { $0.created >= since }) }
        if stream == "ndjson" {
            var body: [UInt8] = []
            for task in tasks {
                body.append(contentsOf: task.wireJSON)
                body.append(UInt8(ascii: "\n"))
            }
            return HTTPResponse(status: .ok, contentType: "application/x-ndjson", body: body)
        }
        var body = Array(#"{"tasks":["#.utf8)
        for (index, task) in tasks.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: task.wireJSON)
        }
        body.append(contentsOf: #"],"count":\#(tasks.count)}"#.utf8)
        return HTTPResponse(status: .ok, contentType: "application/json", body: body)
    }
}
