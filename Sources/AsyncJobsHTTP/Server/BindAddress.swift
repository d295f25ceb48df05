import NIOCore

/// Where a server listens: `HOST:PORT`, `[IPv6]:PORT`, or a bare `PORT` (meaning 127.0.0.1).
public struct BindAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host: an IP literal or `localhost`.
    public var host: String
    /// The port; 0 lets the system choose.
    public var port: Int

    /// Parses `text`; throws ``HTTPServerError/invalidBind(_:_:)`` saying what is wrong.
    public init(parsing text: String) throws(HTTPServerError) {
        if let port = Int(text) {
            self.host = "127.0.0.1"
            self.port = port
        } else if text.hasPrefix("["), let close = text.firstIndex(of: "]"),
                  text[text.index(after: close)...].hasPrefix(":") {
            self.host = String(text[text.index(after: text.startIndex)..<close])
            guard let port = Int(text[text.index(close, offsetBy: 2)...]) else {
                throw .invalidBind(text, "the port must be a number")
            }
            self.port = port
        } else if let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") {
            self.host = String(text[..<colon])
            guard let port = Int(text[text.index(after: colon)...]) else {
                throw .invalidBind(text, "the port must be a number")
            }
            self.port = port
        } else {
            throw .invalidBind(text, "use HOST:PORT, [IPv6]:PORT or PORT")
        }
        guard (0...65535).contains(port) else { throw .invalidBind(text, "the port must be 0 to 65535") }
        guard host == "localhost" || (try? SocketAddress(ipAddress: host, port: 0)) != nil else {
            throw .invalidBind(text, "the host must be an IP address or localhost")
        }
    }

    /// Whether only this machine can connect: `localhost`, 127.0.0.0/8 or ::1. The wildcard addresses
    /// (`0.0.0.0`, `::`) are not loopback.
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".")
        return octets.count == 4 && octets[0] == "127"
    }

    /// The socket address to bind.
    func socketAddress() throws -> SocketAddress {
        host == "localhost" ? try SocketAddress(ipAddress: "127.0.0.1", port: port) : try SocketAddress(ipAddress: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
