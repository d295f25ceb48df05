import NIOSSL

/// A server certificate and key (PEM files) and, for mutual TLS, the CA that client certificates must chain to.
public struct TLSSettings: Sendable, Hashable {
    /// The server's certificate chain, PEM.
    public var certificatePath: String
    /// The server's private key, PEM.
    public var keyPath: String
    /// When set, every client must present a certificate signed by this CA (PEM).
    public var clientCAPath: String?

    /// Creates TLS settings.
    public init(certificatePath: String, keyPath: String, clientCAPath: String? = nil) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.clientCAPath = clientCAPath
    }

    /// The TLS context for the server, reading the files now so a bad file fails at start, not at the
    /// first connection.
    func makeContext() throws(HTTPServerError) -> NIOSSLContext {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
            guard !chain.isEmpty else { throw HTTPServerError.tls("no certificate in \(certificatePath)") }
            let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            configuration.minimumTLSVersion = .tlsv12
            if let clientCAPath {
                let roots = try NIOSSLCertificate.fromPEMFile(clientCAPath)
                guard !roots.isEmpty else { throw HTTPServerError.tls("no certificate in \(clientCAPath)") }
                configuration.trustRoots = .certificates(roots)
                configuration.certificateVerification = .noHostnameVerification
            }
            return try NIOSSLContext(configuration: configuration)
        } catch let error as HTTPServerError {
            throw error
        } catch {
            throw .tls("\(error)")
        }
    }
}
