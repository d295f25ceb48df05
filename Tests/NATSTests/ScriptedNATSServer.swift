import NIOCore
import NIOPosix
import Synchronization

/// A fake NATS server on a loopback port that speaks just enough protocol for fault tests: it answers the
/// handshake and pings, and when it sees the first `SUB` of a connection hands that connection's number to
/// `onSubscribe`, which returns the bytes to send and whether to close the socket right after.
final class ScriptedNATSServer: Sendable {
    typealias Script = @Sendable (_ connection: Int, _ subscribeLine: String) -> (bytes: String, close: Bool)

    private let channel: any Channel
    private let connections = ConnectionCounter()

    var port: Int { channel.localAddress?.port ?? 0 }
    var url: String { "nats://127.0.0.1:\(port)" }
    var connectionCount: Int { connections.count }

    init(onSubscribe script: @escaping Script) async throws {
        let connections = self.connections
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                let index = connections.next()
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ScriptedConnection(index: index, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async { try? await channel.close() }
}

/// Numbers connections in the order they were accepted.
private final class ConnectionCounter: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        value.withLock { count in
            defer { count += 1 }
            return count
        }
    }

    var count: Int { value.withLock { $0 } }
}

private final class ScriptedConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let index: Int
    let script: ScriptedNATSServer.Script
    private var pending = ""
    private var subscribed = false

    init(index: Int, script: @escaping ScriptedNATSServer.Script) {
        self.index = index
        self.script = script
    }

    func channelActive(context: ChannelHandlerContext) {
        send(#"INFO {"server_id":"SCRIPTED","version":"2.15.1","proto":1,"headers":true,"max_payload":1048576} "# + "\r\n", context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending += String(buffer: unwrapInboundIn(data))
        while let end = pending.range(of: "\r\n") {
            let line = String(pending[..<end.lowerBound])
            pending.removeSubrange(..<end.upperBound)
            if line == "PING" {
                send("PONG\r\n", context)
            } else if line.hasPrefix("SUB "), !subscribed {
                subscribed = true
                let reply = script(index, line)
                send(reply.bytes, context)
                if reply.close { context.close(promise: nil) }
            }
        }
    }

    private func send(_ text: String, _ context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
    }
}
