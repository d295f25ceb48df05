import Foundation

/// One server to dial, parsed from `nats://[user:pass@]host[:port]`, `tls://…`, or a bare `host[:port]`.
public struct NATSServerAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// `tls://` asks for TLS even when the server does not require it.
    public var requiresTLS: Bool
    /// Credentials embedded in the URL (`nats://user:pass@host` or `nats://token@host`).
    public var user: String?
    public var password: String?

    public static let defaultPort = 4222

    public init(host: String, port: Int = defaultPort, requiresTLS: Bool = false, user: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.requiresTLS = requiresTLS
        self.user = user
        self.password = password
    }

    /// Parses one URL; a bad scheme, host or port is an `invalidArgument` error naming the URL.
    public init(parsing url: String) throws(NATSError) {
        var rest = Substring(url.trimmingCharacters(in: .whitespaces))
        var tls = false
        if let schemeEnd = rest.range(of: "://") {
            switch rest[..<schemeEnd.lowerBound].lowercased() {
            case "nats": tls = false
            case "tls": tls = true
            default: throw .invalidArgument("unsupported scheme in server URL '\(url)' (use nats:// or tls://)")
            }
            rest = rest[schemeEnd.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            if let colon = credentials.firstIndex(of: ":") {
                user = String(credentials[..<colon]).removingPercentEncoding ?? String(credentials[..<colon])
                let pass = credentials[credentials.index(after: colon)...]
                password = String(pass).removingPercentEncoding ?? String(pass)
            } else {
                user = String(credentials).removingPercentEncoding ?? String(credentials)
            }
            rest = rest[rest.index(after: at)...]
        }
        var host = rest
        var port = Self.defaultPort
        if rest.hasPrefix("[") {  // [::1]:4222
            guard let close = rest.firstIndex(of: "]") else { throw .invalidArgument("unterminated IPv6 address in '\(url)'") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { port = try Self.port(after.dropFirst(), url) }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            port = try Self.port(rest[rest.index(after: colon)...], url)
        }
        guard !host.isEmpty else { throw .invalidArgument("no host in server URL '\(url)'") }
        self.init(host: String(host), port: port, requiresTLS: tls, user: user, password: password)
    }

    private static func port(_ text: Substring, _ url: String) throws(NATSError) -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw .invalidArgument("bad port '\(text)' in server URL '\(url)'")
        }
        return port
    }

    public var description: String { "\(requiresTLS ? "tls" : "nats")://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}
