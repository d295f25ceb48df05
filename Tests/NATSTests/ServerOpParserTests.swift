import NIOCore
import Testing

@testable import NATS

@Suite("NATS server op parser")
struct ServerOpParserTests {
    private func parseAll(_ text: String) throws -> [ServerOp] {
        var parser = ServerOpParser()
        var buffer = ByteBuffer(string: text)
        var ops: [ServerOp] = []
        while let op = try parser.next(from: &buffer) { ops.append(op) }
        #expect(buffer.readableBytes == 0)
        return ops
    }

    @Test("MSG with and without reply, including 2.9's double space for an empty reply")
    func messages() throws {
        let ops = try parseAll("MSG foo.bar 7 _INBOX.x 5\r\nhello\r\nMSG _INBOX.x 1  0\r\n\r\nmsg\tfoo 2\t3\r\nabc\r\n")
        #expect(ops == [
            .message(sid: 7, NATSMessage(subject: "foo.bar", reply: "_INBOX.x", payload: Array("hello".utf8))),
            .message(sid: 1, NATSMessage(subject: "_INBOX.x", payload: [])),
            .message(sid: 2, NATSMessage(subject: "foo", payload: Array("abc".utf8))),
        ])
    }

    @Test("HMSG headers, status line and body")
    func headerMessages() throws {
        let block = "NATS/1.0\r\nX-App: 1\r\nNats-Stream: DG\r\nX-App: 2\r\n\r\n"
        let ops = try parseAll("HMSG a.b 3 r.1 \(block.utf8.count) \(block.utf8.count + 5)\r\n\(block)hello\r\n"
            + "HMSG _INBOX.y 9  16 16\r\nNATS/1.0 503\r\n\r\n\r\n"
            + "HMSG i 4 32 32\r\nNATS/1.0 408 Request Timeout\r\n\r\n\r\n")
        try #require(ops.count == 3)
        guard case .message(let sid, let first) = ops[0] else { Issue.record("not a message"); return }
        #expect(sid == 3)
        #expect(first.reply == "r.1")
        #expect(first.payload == Array("hello".utf8))
        #expect(first.headers?.values(for: "x-app") == ["1", "2"])
        #expect(first.headers?["Nats-Stream"] == "DG")
        #expect(first.status == nil)
        guard case .message(_, let noResponders) = ops[1], case .message(_, let timeout) = ops[2] else {
            Issue.record("not messages")
            return
        }
        #expect(noResponders.status == 503 && noResponders.statusDescription == nil && noResponders.reply == nil)
        #expect(timeout.status == 408 && timeout.statusDescription == "Request Timeout")
    }

    @Test("control ops, case-insensitive, and -ERR unquoted")
    func controlOps() throws {
        let ops = try parseAll("PING\r\npong\r\n+OK\r\n-ERR 'Authorization Violation'\r\nINFO {\"server_id\":\"S\",\"max_payload\":512,\"connect_urls\":[\"127.0.0.1:4223\"],\"ldm\":true} \r\n")
        var info = NATSServerInfo()
        info.serverID = "S"
        info.maxPayload = 512
        info.connectURLs = ["127.0.0.1:4223"]
        info.lameDuckMode = true
        #expect(ops == [.ping, .pong, .ok, .error("Authorization Violation"), .info(info)])
    }

    @Test("a partial op consumes nothing and waits for more bytes")
    func partial() throws {
        var parser = ServerOpParser()
        var buffer = ByteBuffer(string: "MSG foo 1 5\r\nhel")
        #expect(try parser.next(from: &buffer) == nil)
        #expect(buffer.readableBytes == 16)
        buffer.writeString("lo\r")
        #expect(try parser.next(from: &buffer) == nil)
        buffer.writeString("\n")
        #expect(try parser.next(from: &buffer) == .message(sid: 1, NATSMessage(subject: "foo", payload: Array("hello".utf8))))
    }

    @Test("malformed streams are protocol errors, not guesses", arguments: [
        "HELLO\r\n", "MSG foo 1\r\n", "MSG foo x 1\r\na\r\n", "MSG foo 1 2\r\nabcd\r\n", "HMSG foo 1 9 3\r\nabc\r\n",
        "MSG foo 1 -1\r\n", "MSG a 1 2 3 4\r\n", "PING now\r\n", "INFO {not json\r\n", "MSG foo 1 99999999999999999999999\r\n",
        "HMSG foo 1 3 3\r\nabc\r\n",
    ])
    func malformed(_ text: String) {
        var parser = ServerOpParser()
        var buffer = ByteBuffer(string: text)
        #expect(throws: NATSError.self) {
            while try parser.next(from: &buffer) != nil {}
        }
    }
}
