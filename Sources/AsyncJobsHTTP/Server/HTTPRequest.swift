import Foundation
import NIOHTTP1

/// One HTTP request, read whole (its body within the server's size limit).
public struct HTTPRequest: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The path's segments, percent-decoded: `/v1/tasks/a%3Ab` is `["v1", "tasks", "a:b"]`.
    public var segments: [String]
    /// The query's name-value pairs, percent-decoded, in order.
    public var query: [(name: String, value: String)]
    /// The headers.
    public var headers: HTTPHeaders
    /// The body's bytes.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: HTTPMethod, segments: [String], query: [(name: String, value: String)] = [],
                headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.segments = segments
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Parses the target of a request line (`/path?query`); nil when its percent-encoding is broken.
    public init?(method: HTTPMethod, target: String, headers: HTTPHeaders, body: [UInt8]) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var segments: [String] = []
        for segment in parts[0].split(separator: "/") {
            guard let decoded = String(segment).removingPercentEncoding else { return nil }
            segments.append(decoded)
        }
        var query: [(name: String, value: String)] = []
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let nameValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let decode = { (text: Substring) in text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
                guard let name = decode(nameValue[0]), let value = nameValue.count == 2 ? decode(nameValue[1]) : ""
                else { return nil }
                query.append((name, value))
            }
        }
        self.init(method: method, segments: segments, query: query, headers: headers, body: body)
    }

    /// Every value given for the query parameter `name`.
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }
}
