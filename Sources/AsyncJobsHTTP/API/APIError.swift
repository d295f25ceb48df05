import AsyncJobs
import Foundation
import NIOHTTP1

/// A failed API request in asyncjobs' error envelope, `{"error":{"code","message","details":{"reason","field"}}}`.
///
/// `code` is one of asyncjobs' stable codes; `reason` says which rule was broken and `field` which input,
/// so clients need not parse `message`.
public struct APIError: Error, Sendable, Equatable {
    /// The HTTP status.
    public var status: HTTPResponseStatus
    /// asyncjobs' error code (`invalid_argument`, `not_found`, `conflict`, `payload_too_large`, `unavailable`, `internal`).
    public var code: String
    /// For people.
    public var message: String
    /// The rule broken, e.g. `invalid_json`, `unknown_field`, `queue_not_served`.
    public var reason: String?
    /// The input at fault, e.g. `queue`, `limit`.
    public var field: String?

    /// Creates an error.
    public init(status: HTTPResponseStatus, code: String, message: String, reason: String? = nil, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.reason = reason
        self.field = field
    }

    /// 400 `invalid_argument`.
    public static func invalid(_ message: String, reason: String, field: String? = nil) -> APIError {
        APIError(status: .badRequest, code: "invalid_argument", message: message, reason: reason, field: field)
    }

    /// 404 `not_found`.
    public static func notFound(_ message: String, field: String? = nil) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message, reason: "not_found", field: field)
    }

    /// 413 `payload_too_large`.
    public static func payloadTooLarge(limit: Int) -> APIError {
        APIError(status: .payloadTooLarge, code: "payload_too_large",
                 message: "request body over the limit of \(limit) bytes", reason: "body_too_large")
    }

    /// The API's form of an engine or store error.
    public init(_ error: JobError) {
        switch error {
        case .invalidName(let kind, _):
            self = .invalid(error.description, reason: "invalid_name", field: kind.contains("queue") ? "queue" : kind.contains("type") ? "type" : "id")
        case .invalidSetting:
            self = .invalid(error.description, reason: "invalid_setting")
        case .queueNotFound:
            self = .notFound(error.description, field: "queue")
        case .taskNotFound:
            self = .notFound(error.description, field: "id")
        case .scheduleNotFound:
            self = .notFound(error.description, field: "name")
        case .queueExists, .taskExists, .scheduleExists:
            self = APIError(status: .conflict, code: "conflict", message: error.description, reason: "exists")
        case .invalidState:
            self = APIError(status: .conflict, code: "conflict", message: error.description, reason: "invalid_state")
        case .queueFull:
            self = APIError(status: .conflict, code: "conflict", message: error.description, reason: "queue_full", field: "queue")
        case .storage, .damagedStore, .storeReplaced:
            self = APIError(status: .serviceUnavailable, code: "unavailable", message: error.description, reason: "store_error")
        case .readOnlyStore:
            self = APIError(status: .serviceUnavailable, code: "unavailable", message: error.description, reason: "read_only_store")
        }
    }

    /// The JSON response.
    public var response: HTTPResponse {
        var details: [String: JSONValue] = [:]
        if let reason { details["reason"] = .string(reason) }
        if let field { details["field"] = .string(field) }
        let envelope: JSONValue = ["error": ["code": .string(code), "message": .string(message), "details": .object(details)]]
        return .json(status, envelope.jsonData)
    }
}
