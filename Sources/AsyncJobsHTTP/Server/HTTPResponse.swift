import Foundation
import NIOHTTP1

/// One HTTP response, produced whole.
public struct HTTPResponse: Sendable {
    /// The status.
    public var status: HTTPResponseStatus
    /// The headers; the server adds `Content-Length` and `Connection`.
    public var headers: HTTPHeaders
    /// The body's bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response carrying `body` as `contentType`.
    public init(status: HTTPResponseStatus, contentType: String, body: some Sequence<UInt8>) {
        self.init(status: status, headers: ["Content-Type": contentType], body: Array(body))
    }

    /// A JSON response.
    public static func json(_ status: HTTPResponseStatus, _ body: Data) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json", body: body)
    }
}

/// What answers a server's requests.
public protocol HTTPResponder: Sendable {
    /// The response to `request`; never throws: failures are responses too.
    func respond(to request: HTTPRequest) async -> HTTPResponse
    /// The answer to a request whose body is over `limit` bytes (the server then closes the connection).
    func bodyTooLarge(limit: Int) -> HTTPResponse
    /// The answer to a request target whose percent-encoding is broken.
    func invalidTarget(_ target: String) -> HTTPResponse
}

extension HTTPResponder {
    /// Plain text 413.
    public func bodyTooLarge(limit: Int) -> HTTPResponse {
        HTTPResponse(status: .payloadTooLarge, contentType: "text/plain; charset=utf-8",
                     body: "request body over the limit of \(limit) bytes\n".utf8)
    }

    /// Plain text 400.
    public func invalidTarget(_ target: String) -> HTTPResponse {
        HTTPResponse(status: .badRequest, contentType: "text/plain; charset=utf-8",
                     body: "the request target's percent-encoding is invalid\n".utf8)
    }
}
