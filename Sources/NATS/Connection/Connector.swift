import NIOCore
import NIOPosix
import NIOSSL

/// A connection that finished the handshake: INFO read, TLS set up if wanted, CONNECT accepted (PONG seen).
struct EstablishedConnection: Sendable {
    let channel: any Channel
    let handler: NIOLoopBound<ConnectionHandler>
    let info: NATSServerInfo
    let address: NATSServerAddress
    let generation: UInt64
}

/// Dials one server and runs the handshake; knows nothing of subscriptions or reconnect policy.
struct Connector: Sendable {
    let options: NATSOptions
    let eventLoop: any EventLoop

    func connect(to address: NATSServerAddress, generation: UInt64) async throws -> EstablishedConnection {
        let infoPromise = eventLoop.makePromise(of: NATSServerInfo.self)
        // The handler is kept from the moment it is made: looking it up in the pipeline later fails with
        // NIO's bare `notFound` when the channel closed meanwhile (a handshake timeout while this task
        // waited for a thread), hiding why the connection went.
        let handlerPromise = eventLoop.makePromise(of: NIOLoopBound<ConnectionHandler>.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(TimeAmount(options.connectTimeout))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = ConnectionHandler(generation: generation, firstInfo: infoPromise)
                        try channel.pipeline.syncOperations.addHandler(handler)
                        handlerPromise.succeed(NIOLoopBound(handler, eventLoop: channel.eventLoop))
                    }
                }
                .connect(host: address.host, port: address.port).get()
        } catch {
            infoPromise.fail(error)
            handlerPromise.fail(error)
            throw NATSError.noServersAvailable("\(address): \(error)")
        }
        do {
            return try await handshake(channel: channel, address: address, info: infoPromise.futureResult,
                                       handler: handlerPromise.futureResult, generation: generation)
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    private func handshake(
        channel: any Channel, address: NATSServerAddress, info: EventLoopFuture<NATSServerInfo>,
        handler: EventLoopFuture<NIOLoopBound<ConnectionHandler>>, generation: UInt64
    ) async throws -> EstablishedConnection {
        let deadline = eventLoop.scheduleTask(in: TimeAmount(options.connectTimeout)) {
            channel.pipeline.fireErrorCaught(NATSError.timeout)
        }
        defer { deadline.cancel() }
        let serverInfo = try await info.get()
        let eventLoop = self.eventLoop
        let bound = try await handler.get()
        let wantsTLS = address.requiresTLS || options.tls != nil || serverInfo.tlsRequired
        if wantsTLS {
            guard serverInfo.tlsRequired || serverInfo.tlsAvailable else {
                throw NATSError.tls("\(address) does not offer TLS")
            }
            let context = try makeTLSContext()
            let serverName = options.tls?.serverName ?? (Self.isIPAddress(address.host) ? nil : address.host)
            try await eventLoop.submit {
                let tlsHandler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(tlsHandler, position: .first)
            }.get()
        }
        let request = try connectRequest(info: serverInfo, address: address, tls: wantsTLS)
        let pong = eventLoop.makePromise(of: Void.self)
        try await eventLoop.submit {
            var buffer = channel.allocator.buffer(capacity: 512)
            ClientOp.connect(request).write(into: &buffer)
            channel.write(buffer, promise: nil)
            bound.value.ping(waiter: pong)
        }.get()
        try await pong.futureResult.get()
        return EstablishedConnection(channel: channel, handler: bound, info: serverInfo, address: address, generation: generation)
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        let tls = options.tls ?? NATSTLSOptions()
        do {
            if let caFile = tls.caFile {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            }
            if let certificateFile = tls.certificateFile {
                guard let keyFile = tls.keyFile else {
                    throw NATSError.tls("a client certificate needs its key file too")
                }
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
            }
            return try NIOSSLContext(configuration: configuration)
        } catch let error as NATSError {
            throw error
        } catch {
            throw NATSError.tls("\(error)")
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }

    func connectRequest(info: NATSServerInfo, address: NATSServerAddress, tls: Bool) throws -> ConnectRequest {
        var request = ConnectRequest(tlsRequired: tls, name: options.name)
        if let user = address.user {
            if let password = address.password {
                request.user = user
                request.pass = password
            } else {
                request.authToken = user
            }
            return request
        }
        switch options.auth {
        case .none:
            break
        case .userPassword(let user, let password):
            request.user = user
            request.pass = password
        case .token(let token):
            request.authToken = token
        case .nkeySeed(let seed):
            let pair = try NKeyPair(seed: seed)
            request.nkey = pair.publicKey
            request.sig = try pair.signNonce(try Self.nonce(info, address))
        case .credsFile(let path):
            let creds = try CredsFile(path: path)
            request.jwt = creds.jwt
            request.sig = try NKeyPair(seed: creds.seed).signNonce(try Self.nonce(info, address))
        }
        return request
    }

    private static func nonce(_ info: NATSServerInfo, _ address: NATSServerAddress) throws(NATSError) -> String {
        guard let nonce = info.nonce else { throw .auth("\(address) sent no nonce to sign; is NKey auth enabled on it?") }
        return nonce
    }
}
