/// Why a server could not start.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bind address does not parse.
    case invalidBind(String, String)
    /// A non-loopback address was asked for without `--unsafe-bind` or TLS with client certificates.
    case unsafeBind(String)
    /// The TLS settings are incomplete or unreadable.
    case tls(String)
    /// The socket could not be bound.
    case cannotListen(String, String)

    public var description: String {
        switch self {
        case .invalidBind(let text, let why): "invalid bind address \"\(text)\": \(why)"
        case .unsafeBind(let address):
            "refusing to listen on \(address): it is not a loopback address and the server has no authentication; "
                + "bind to 127.0.0.1, use TLS with client certificates (--tls-cert, --tls-key, --tls-client-ca), "
                + "or pass --unsafe-bind behind an authenticating proxy"
        case .tls(let message): "TLS: \(message)"
        case .cannotListen(let address, let why): "cannot listen on \(address): \(why)"
        }
    }
}
