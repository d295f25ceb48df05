/// How a server listens and what it accepts.
public struct HTTPServerOptions: Sendable {
    /// asyncjobs' default request body limit: 512 KiB.
    public static let defaultMaxBodyBytes = 524_288

    /// Where to listen.
    public var bind: BindAddress
    /// TLS, optionally with client certificates; nil serves plain HTTP.
    public var tls: TLSSettings?
    /// Allows a non-loopback `bind` without client certificates (behind an authenticating proxy).
    public var unsafeBind: Bool
    /// Requests with a larger body get 413 and are not read further.
    public var maxBodyBytes: Int
    /// A connection that sends nothing for this long is closed.
    public var readTimeout: Duration
    /// A response not written this long after its request was read closes the connection.
    public var writeTimeout: Duration

    /// Creates options; loopback plain HTTP with asyncjobs' limits unless told otherwise.
    public init(bind: BindAddress, tls: TLSSettings? = nil, unsafeBind: Bool = false,
                maxBodyBytes: Int = HTTPServerOptions.defaultMaxBodyBytes,
                readTimeout: Duration = .seconds(30), writeTimeout: Duration = .seconds(30)) {
        self.bind = bind
        self.tls = tls
        self.unsafeBind = unsafeBind
        self.maxBodyBytes = maxBodyBytes
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
    }

    /// Throws unless the address is loopback, or the caller took responsibility (`unsafeBind`), or TLS
    /// requires client certificates.
    public func checkBindIsSafe() throws(HTTPServerError) {
        if bind.isLoopback || unsafeBind || tls?.clientCAPath != nil { return }
        throw .unsafeBind(bind.description)
    }
}
