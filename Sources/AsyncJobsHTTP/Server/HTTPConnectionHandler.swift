import Logging
import NIOCore
import NIOHTTP1

/// One connection's request loop: gathers a request (refusing bodies over the limit), hands it to the
/// responder off the event loop, and writes the response. NIO's pipelining helper, set up before this
/// handler, holds later requests until a response ends, so responses keep their requests' order.
final class HTTPConnectionHandler<Responder: HTTPResponder>: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: Responder
    private let maxBodyBytes: Int
    private let writeTimeout: TimeAmount
    private let logger: Logger
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(responder: Responder, maxBodyBytes: Int, writeTimeout: TimeAmount, logger: Logger) {
        self.responder = responder
        self.maxBodyBytes = maxBodyBytes
        self.writeTimeout = writeTimeout
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.removeAll(keepingCapacity: true)
            let declared = head.headers.first(name: "content-length").flatMap(Int.init) ?? 0
            tooLarge = declared > maxBodyBytes
        case .body(let chunk):
            guard !tooLarge else { return }
            if body.count + chunk.readableBytes > maxBodyBytes {
                tooLarge = true
                body.removeAll()
            } else {
                body.append(contentsOf: chunk.readableBytesView)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            if tooLarge {
                // The rest of the body is not worth reading: answer and close.
                write(responder.bodyTooLarge(limit: maxBodyBytes), for: head, keepAlive: false, context: context)
                return
            }
            guard let request = HTTPRequest(method: head.method, target: head.uri, headers: head.headers, body: body) else {
                write(responder.invalidTarget(head.uri), for: head, keepAlive: head.isKeepAlive, context: context)
                return
            }
            let responder = self.responder
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let timeout = context.eventLoop.scheduleTask(in: writeTimeout) {
                let (handler, context) = bound.value
                handler.logger.warning("closing a connection: its response took longer than the write timeout")
                context.close(promise: nil)
            }
            let promise = context.eventLoop.makePromise(of: HTTPResponse.self)
            promise.completeWithTask { await responder.respond(to: request) }
            promise.futureResult.whenSuccess { response in
                timeout.cancel()
                let (handler, context) = bound.value
                guard context.channel.isActive else { return }
                handler.write(response, for: head, keepAlive: head.isKeepAlive, context: context)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            // Nothing read for the read timeout: a stalled or idle client.
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func write(_ response: HTTPResponse, for request: HTTPRequestHead, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = response.headers
        let hasBody = response.status != .noContent && response.status != .notModified
        if hasBody { headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count)) }
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: request.version, status: response.status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if hasBody, request.method != .HEAD, !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
