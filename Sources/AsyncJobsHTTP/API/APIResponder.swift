import AsyncJobs
import Foundation
import NIOHTTP1

/// asyncjobs' HTTP API (v0.3) over any ``JobStore``: health, info, retry policies, tasks and queues, and the
/// OpenAPI document describing exactly these operations.
///
/// Every request is validated whole before anything is written, and every failure is a response in
/// asyncjobs' error envelope (``APIError``).
public final class APIResponder: HTTPResponder {
    let store: any JobStore
    let producer: TaskProducer
    let settings: APISettings
    let clock: any JobClock
    let idempotency: IdempotencyCache
    let openAPI: [UInt8]

    /// A responder for `store`; enqueues are counted into `metrics`.
    public init(store: any JobStore, settings: APISettings, metrics: JobMetrics = JobMetrics(),
                clock: any JobClock = SystemClock()) {
        self.store = store
        self.producer = TaskProducer(store: store, metrics: metrics)
        self.settings = settings
        self.clock = clock
        self.idempotency = IdempotencyCache(clock: clock)
        self.openAPI = Array(OpenAPIDocument.json(servedQueues: settings.servedQueues).utf8)
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        do {
            return try await route(request)
        } catch let error as APIError {
            return error.response
        } catch let error as JobError {
            return APIError(error).response
        } catch let error as MethodNotAllowed {
            var response = APIError(status: .methodNotAllowed, code: "invalid_argument",
                                    message: "method \(request.method.rawValue) is not allowed here", reason: "method_not_allowed").response
            response.headers.add(name: "Allow", value: error.allowed.map(\.rawValue).joined(separator: ", "))
            return response
        } catch {
            return APIError(status: .internalServerError, code: "internal", message: "internal error", reason: "internal").response
        }
    }

    public func bodyTooLarge(limit: Int) -> HTTPResponse { APIError.payloadTooLarge(limit: limit).response }

    public func invalidTarget(_ target: String) -> HTTPResponse {
        APIError.invalid("the request path's percent-encoding is invalid", reason: "invalid_path").response
    }

    /// The operation for the request's method and path.
    private func route(_ request: HTTPRequest) async throws -> HTTPResponse {
        let method = request.method
        let path = request.segments
        switch path.count {
        case 1 where path[0] == "healthz":
            try allow(method, .GET)
            return .json(.ok, JSONValue.object(["status": "ok", "time": .string(clock.now().rfc3339)]).jsonData)
        case 1 where path[0] == "readyz":
            try allow(method, .GET)
            return await readiness()
        case 2 where path[0] == "v1":
            switch path[1] {
            case "openapi.json":
                try allow(method, .GET)
                return HTTPResponse(status: .ok, contentType: "application/json", body: openAPI)
            case "info":
                try allow(method, .GET)
                return try await info()
            case "retry-policies":
                try allow(method, .GET)
                return retryPolicies()
            case "tasks":
                try allow(method, .GET, .POST)
                return method == .GET ? try await listTasks(request) : try await createTask(request)
            case "queues":
                try allow(method, .GET, .POST)
                return method == .GET ? try await listQueues() : try await createQueue(request)
            case "schedules":
                try allow(method, .GET, .POST)
                return method == .GET ? try await listSchedules() : try await createSchedule(request)
            default: break
            }
        case 3 where path[0] == "v1" && path[1] == "tasks":
            if path[2] == "retry" {
                try allow(method, .POST)
                return try await retryTasks(request)
            }
            try allow(method, .GET, .DELETE)
            return method == .GET ? try await getTask(path[2]) : try await deleteTask(path[2])
        case 3 where path[0] == "v1" && path[1] == "queues":
            try allow(method, .GET, .DELETE)
            return method == .GET ? try await getQueue(path[2]) : try await deleteQueue(path[2])
        case 3 where path[0] == "v1" && path[1] == "schedules":
            try allow(method, .GET, .DELETE)
            return method == .GET ? try await getSchedule(path[2]) : try await deleteSchedule(path[2])
        case 4 where path[0] == "v1" && path[1] == "tasks" && path[3] == "retry":
            try allow(method, .POST)
            return try await retryTask(path[2])
        case 4 where path[0] == "v1" && path[1] == "queues" && path[3] == "purge":
            try allow(method, .POST)
            return try await purgeQueue(path[2])
        default: break
        }
        throw APIError.notFound("no such endpoint; the API is described at /v1/openapi.json")
    }

    /// 405 with `Allow` unless `method` is one of `allowed`.
    private func allow(_ method: HTTPMethod, _ allowed: HTTPMethod...) throws(MethodNotAllowed) {
        guard allowed.contains(method) else { throw MethodNotAllowed(allowed: allowed) }
    }

    // MARK: Meta

    private func readiness() async -> HTTPResponse {
        do {
            _ = try await store.changeToken()
            return .json(.ok, JSONValue.object(["ready": true, "checks": ["store": ["ok": true]]]).jsonData)
        } catch {
            let check: JSONValue = ["ok": false, "error": .string(String(describing: error))]
            return .json(.serviceUnavailable, JSONValue.object(["ready": false, "checks": ["store": check]]).jsonData)
        }
    }

    private func info() async throws -> HTTPResponse {
        let info = try await store.info()
        let body: JSONValue = [
            "version": .string(settings.version),
            "auth": settings.mutualTLS ? "mtls" : "none",
            "queue_count": .integer(Int64(info.queues)),
            "task_count": .integer(Int64(info.counts.values.reduce(0, +))),
            "store": ["kind": .string(info.kind), "location": .string(info.location)],
            "queues": .array(settings.servedQueues.map { .string($0) }),
            "features": ["schedules": false, "dependencies": false, "signatures": false, "idempotency": true, "ndjson": true],
        ]
        return .json(.ok, body.jsonData)
    }

    private func retryPolicies() -> HTTPResponse {
        let presets: [(String, IntervalRetryPolicy)] = [
            ("default", .default), ("10m", .linearTenMinutes), ("1h", .linearOneHour), ("1m", .linearOneMinute),
        ]
        let policies = presets.map { name, policy -> JSONValue in
            ["name": .string(name), "intervals": .array(policy.intervals.map { .integer($0.nanoseconds) }), "jitter": .number(policy.jitter)]
        }
        return .json(.ok, JSONValue.object(["policies": .array(policies)]).jsonData)
    }
}

/// A known path asked with a method it does not serve.
struct MethodNotAllowed: Error {
    let allowed: [HTTPMethod]
}
