import NATS
import Testing

/// A server that dies in the middle of a frame: the partial frame is never delivered, the client reconnects,
/// re-subscribes, and the next complete frame arrives whole.
@Suite("NATS socket closed mid-frame")
struct NATSMidFrameCloseTests {
    // Once disabled: beside the tmux end-to-end suites, whose waits then blocked a cooperative thread each
    // for seconds, the 2-core machine's pool was starved past the 5 s connect timeout. Those waits, and the
    // tests' runs of the binaries, now await instead of blocking.
    @Test("a message cut off by the close is dropped with the connection, and the subscription carries on", arguments: [
        "MSG feed 1 10\r\nhel", "MSG feed 1 10", "HMSG feed 1 22 27\r\nNATS/1.0\r\nX-A: 1\r\n", "MSG feed 1 5\r\nhello\r",
    ])
    func cutOff(_ partial: String) async throws {
        let server = try await ScriptedNATSServer { connection, subscribeLine in
            #expect(subscribeLine == "SUB feed 1")
            return connection == 0 ? (partial, true) : ("MSG feed 1 5\r\nwhole\r\n", false)
        }
        let client = try await NATSClient.connect(NATSOptions(servers: [server.url]))
        let events = EventRecorder(client)
        let collector = MessageCollector(try await client.subscribe("feed"))
        #expect(await collector.waitFor(1))
        try await client.flush(timeout: .seconds(5))
        #expect(collector.messages == [NATSMessage(subject: "feed", payload: Array("whole".utf8))])
        #expect(server.connectionCount == 2)
        #expect(events.events.contains { if case .disconnected = $0 { true } else { false } })
        #expect(events.events.contains { if case .reconnected = $0 { true } else { false } })
        await client.close()
        await server.stop()
    }
}
