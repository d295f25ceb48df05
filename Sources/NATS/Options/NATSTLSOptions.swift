/// TLS settings: a CA to trust, and an optional client certificate for servers that verify clients.
public struct NATSTLSOptions: Sendable, Equatable {
    /// PEM file of the CA (or CAs) that signed the server's certificate; nil trusts the system roots.
    public var caFile: String?
    /// PEM file of the client certificate chain, for servers with `verify: true`.
    public var certificateFile: String?
    /// PEM file of the client certificate's private key.
    public var keyFile: String?
    /// The name to check the server certificate against; nil uses the host of the URL being dialled.
    public var serverName: String?

    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil, serverName: String? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.serverName = serverName
    }
}
