import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A small HTTP/1.1 server over SwiftNIO: keep-alive and pipelining, a body limit, read and write
/// timeouts, optional (mutual) TLS; every request goes whole to one ``HTTPResponder``.
public final class HTTPServer: Sendable {
    /// Where it listens (with the real port when 0 was asked for).
    public let address: BindAddress
    /// Whether it speaks TLS.
    public let usesTLS: Bool
    private let channel: any Channel

    private init(address: BindAddress, usesTLS: Bool, channel: any Channel) {
        self.address = address
        self.usesTLS = usesTLS
        self.channel = channel
    }

    /// The base URL clients use, e.g. `http://127.0.0.1:8080`.
    public var url: String { "\(usesTLS ? "https" : "http")://\(address)" }

    /// Starts listening; throws ``HTTPServerError`` for an unsafe address, bad TLS files or a busy port.
    public static func start(options: HTTPServerOptions, responder: some HTTPResponder,
                             logger: Logger = Logger(label: "asyncjobs.http")) async throws(HTTPServerError) -> HTTPServer {
        try options.checkBindIsSafe()
        let tlsContext = try options.tls?.makeContext()
        let maxBody = options.maxBodyBytes
        let readTimeout = TimeAmount.nanoseconds(options.readTimeout.nanoseconds)
        let writeTimeout = TimeAmount.nanoseconds(options.writeTimeout.nanoseconds)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tlsContext { try pipeline.addHandler(NIOSSLServerHandler(context: tlsContext)) }
                    try pipeline.addHandler(IdleStateHandler(readTimeout: readTimeout))
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(HTTPConnectionHandler(responder: responder, maxBodyBytes: maxBody,
                                                                  writeTimeout: writeTimeout, logger: logger))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(to: options.bind.socketAddress()).get()
        } catch {
            throw .cannotListen(options.bind.description, "\(error)")
        }
        var address = options.bind
        if let port = channel.localAddress?.port { address.port = port }
        return HTTPServer(address: address, usesTLS: tlsContext != nil, channel: channel)
    }

    /// Stops accepting connections and closes the listener.
    public func stop() async {
        try? await channel.close()
    }

    /// Returns when the listener has closed.
    public func waitUntilClosed() async {
        try? await channel.closeFuture.get()
    }
}
