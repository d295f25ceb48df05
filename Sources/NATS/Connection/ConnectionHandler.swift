import NIOCore

/// What a live connection reports to the client that owns it. Called on the connection's event loop.
protocol ConnectionDelegate: AnyObject, Sendable {
    /// Every message one socket read brought (at least one), in the order the server sent them.
    func connection(_ generation: UInt64, received batch: consuming [(sid: UInt64, message: NATSMessage)])
    func connection(_ generation: UInt64, updated info: NATSServerInfo)
    func connection(_ generation: UInt64, serverError text: String)
    func connectionClosed(_ generation: UInt64, reason: String)
}

/// The last handler of a connection's pipeline: answers pings, matches pongs to waiters, keeps the connection
/// alive, and hands everything else to the client. Lives on one event loop and is touched only there.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Numbers this connection among all the client's connections, so late callbacks from a dead one are ignored.
    let generation: UInt64
    /// Completed by the server's first `INFO`.
    let firstInfo: EventLoopPromise<NATSServerInfo>
    /// Receives ops once the handshake is done; nil until then.
    var delegate: (any ConnectionDelegate)?

    private var sawInfo = false
    /// The newest INFO, including updates that arrive before the client installs itself as delegate.
    private(set) var latestInfo: NATSServerInfo?
    /// One entry per `PING` sent, in order: a waiter, or nil for a keep-alive ping nobody awaits.
    private var pongWaiters = CircularBuffer<EventLoopPromise<Void>?>()
    private var keepAlive: RepeatedTask?
    private var closeReason: String?
    private var context: ChannelHandlerContext?
    /// The messages of the read in progress, handed to the delegate together when the read completes (or
    /// before any other op, so a `PONG` never overtakes the messages the server sent before it).
    private var inbound: [(sid: UInt64, message: NATSMessage)] = []
    private var reader = ServerOpReader()

    init(generation: UInt64, firstInfo: EventLoopPromise<NATSServerInfo>) {
        self.generation = generation
        self.firstInfo = firstInfo
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        reader.append(&bytes)
        do {
            while context.channel.isActive, let op = try reader.next() { handle(op, context: context) }
        } catch {
            errorCaught(context: context, error: error)
        }
    }

    private func handle(_ op: ServerOp, context: ChannelHandlerContext) {
        if case .message(let sid, let message) = op {
            inbound.append((sid, message))
            return
        }
        deliverInbound()
        switch op {
        case .message:
            break
        case .ping:
            var buffer = context.channel.allocator.buffer(capacity: 6)
            ClientOp.pong.write(into: &buffer)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        case .pong:
            if let waiter = pongWaiters.popFirst() { waiter?.succeed() }
        case .ok:
            break
        case .info(let info):
            latestInfo = info
            if sawInfo {
                delegate?.connection(generation, updated: info)
            } else {
                sawInfo = true
                firstInfo.succeed(info)
            }
        case .error(let text):
            handleServerError(text, context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        deliverInbound()
        context.fireChannelReadComplete()
    }

    private func deliverInbound() {
        guard !inbound.isEmpty else { return }
        // Handed over, not shared: the client moves the messages out of the batch, which a copy would undo.
        var batch: [(sid: UInt64, message: NATSMessage)] = []
        swap(&batch, &inbound)
        delegate?.connection(generation, received: batch)
    }

    /// Permission violations leave the connection open; every other `-ERR` is followed by the server closing it.
    private func handleServerError(_ text: String, context: ChannelHandlerContext) {
        if text.lowercased().hasPrefix("permissions violation"), let delegate {
            delegate.connection(generation, serverError: text)
            return
        }
        let error: NATSError = Self.isAuthorizationError(text) ? .auth(text) : .server(text)
        closeReason = error.description
        failWaiters(error)
        context.close(promise: nil)
    }

    static func isAuthorizationError(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.contains("authorization") || lower.contains("authentication") || lower.contains("user authentication")
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if closeReason == nil { closeReason = "\(error)" }
        let natsError = (error as? NATSError) ?? .server("\(error)")
        failWaiters(natsError)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deliverInbound()
        keepAlive?.cancel()
        keepAlive = nil
        let reason = closeReason ?? "connection closed by the server"
        failWaiters(closeReason == nil ? .disconnected : .server(reason))
        delegate?.connectionClosed(generation, reason: reason)
        delegate = nil
        context.fireChannelInactive()
    }

    private func failWaiters(_ error: NATSError) {
        if !sawInfo {
            sawInfo = true
            firstInfo.fail(error)
        }
        while let waiter = pongWaiters.popFirst() { waiter?.fail(error) }
    }

    /// Sends `PING`; `waiter` completes at the matching `PONG` (the server answers in order).
    func ping(waiter: EventLoopPromise<Void>?) {
        guard let context, context.channel.isActive else {
            waiter?.fail(NATSError.disconnected)
            return
        }
        pongWaiters.append(waiter)
        var buffer = context.channel.allocator.buffer(capacity: 6)
        ClientOp.ping.write(into: &buffer)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    /// Pings every `interval`; when `maxOutstanding` keep-alive pings are unanswered the connection is stale.
    func startKeepAlive(interval: Duration, maxOutstanding: Int) {
        guard let context else { return }
        let eventLoop = context.eventLoop
        let amount = TimeAmount(interval)
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        keepAlive = eventLoop.scheduleRepeatedTask(initialDelay: amount, delay: amount) { _ in
            bound.value.keepAliveTick(maxOutstanding: maxOutstanding)
        }
    }

    private func keepAliveTick(maxOutstanding: Int) {
        let unanswered = pongWaiters.lazy.filter { $0 == nil }.count
        if unanswered >= maxOutstanding {
            closeReason = "stale connection: \(unanswered) pings unanswered"
            context?.close(promise: nil)
        } else {
            ping(waiter: nil)
        }
    }

    /// Closes the connection, giving `reason` to the client's disconnect handling.
    func close(reason: String) {
        closeReason = reason
        context?.close(promise: nil)
    }
}
