import Foundation
import NATS
import NATSTestSupport
import Testing

/// Publish, subscribe, request and flush against real servers of both versions the project supports.
@Suite("NATS core against real servers", .serialized)
struct NATSCoreIntegrationTests {
    static let versions = NATSServerBinary.Version.allCases.filter(NATSServerBinary.shouldRun)

    @Test("publish and subscribe, with headers and auto-unsubscribe", arguments: versions)
    func publishSubscribe(_ version: NATSServerBinary.Version) async throws {
        try await withNATSServer(.init(version: version)) { server in
            let client = try await NATSClient.connect(NATSOptions(servers: [server.url], name: "core-test"))
            #expect(client.serverInfo.version.hasPrefix(version.rawValue + "."))
            #expect(client.serverInfo.headers)
            let subscription = try await client.subscribe("orders.*")
            try await subscription.unsubscribe(after: 3)
            var headers = NATSHeaders()
            headers.append("X-Trace", "a")
            headers.append("X-Trace", "b")
            try client.publish("orders.1", payload: Array("one".utf8))
            try client.publish("orders.2", payload: Array("two".utf8), headers: headers, reply: "answers.here")
            try client.publish("elsewhere", payload: Array("not mine".utf8))
            try client.publish("orders.3", payload: [])
            try client.publish("orders.4", payload: Array("after the limit".utf8))
            var received: [NATSMessage] = []
            for await message in subscription { received.append(message) }
            #expect(received.map(\.subject) == ["orders.1", "orders.2", "orders.3"])
            #expect(received[1].headers?.values(for: "X-Trace") == ["a", "b"])
            #expect(received[1].reply == "answers.here")
            #expect(received[2].payload.isEmpty)
            await client.close()
        }
    }

    /// A JetStream pull given up while the server still holds it is drained: a delivery dropped on the way
    /// would hold its consumer's slot until AckWait.
    @Test("a drained subscription reads every message the server sent it before it saw the UNSUB", arguments: versions)
    func drainedSubscriptionKeepsWhatWasOnItsWay(_ version: NATSServerBinary.Version) async throws {
        try await withNATSServer(.init(version: version)) { server in
            let client = try await NATSClient.connect(NATSOptions(servers: [server.url], name: "core-test"))
            let subscription = try await client.subscribe("pull.inbox")
            try await client.flush(timeout: .seconds(5))
            // On one connection the server routes these back before it reads the UNSUB sent after them, and
            // they are still on their way back when the drain starts (an unsubscribe here would drop them).
            for index in 1...200 { try client.publish("pull.inbox", payload: Array("\(index)".utf8)) }
            try await subscription.drain(timeout: .seconds(5))
            var received: [String] = []
            for await message in subscription { received.append(String(decoding: message.payload, as: UTF8.self)) }
            #expect(received == (1...200).map(String.init))
            await client.close()
        }
    }

    @Test("request and reply through the muxed inbox; no responders; timeout", arguments: versions)
    func requestReply(_ version: NATSServerBinary.Version) async throws {
        try await withNATSServer(.init(version: version)) { server in
            let responder = try await NATSClient.connect(NATSOptions(servers: [server.url]))
            let requester = try await NATSClient.connect(NATSOptions(servers: [server.url]))
            let service = try await responder.subscribe("echo", queueGroup: "workers")
            let silent = try await responder.subscribe("silent")
            let serving = Task {
                for await message in service {
                    try responder.publish(message.reply!, payload: message.payload.reversed(), headers: ["Served-By": "swift"])
                }
            }
            try await responder.flush(timeout: .seconds(5))
            let answers = try await withThrowingTaskGroup(of: NATSMessage.self) { group in
                for index in 0..<50 {
                    group.addTask { try await requester.request("echo", payload: Array("\(index)".utf8), timeout: .seconds(5)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.count == 50)
            #expect(answers.allSatisfy { $0.headers?["served-by"] == "swift" })
            #expect(Set(answers.map { String(decoding: $0.payload.reversed(), as: UTF8.self) }) == Set((0..<50).map { "\($0)" }))
            await #expect(throws: NATSError.noResponders) {
                try await requester.request("nobody.home", payload: [], timeout: .seconds(5))
            }
            await #expect(throws: NATSError.timeout) {
                try await requester.request("silent", payload: [], timeout: .milliseconds(200))
            }
            _ = silent
            serving.cancel()
            await requester.close()
            await responder.close()
        }
    }

    @Test("max_payload is enforced before sending", arguments: versions)
    func maxPayload(_ version: NATSServerBinary.Version) async throws {
        try await withNATSServer(.init(version: version, maxPayload: 1024)) { server in
            let client = try await NATSClient.connect(NATSOptions(servers: [server.url]))
            #expect(client.serverInfo.maxPayload == 1024)
            #expect(throws: NATSError.maxPayloadExceeded(1024)) {
                try client.publish("big", payload: [UInt8](repeating: 1, count: 1025))
            }
            try client.publish("fits", payload: [UInt8](repeating: 1, count: 1024))
            try await client.flush(timeout: .seconds(5))
            #expect(client.isConnected)
            await client.close()
            #expect(throws: NATSError.connectionClosed) { try client.publish("late", payload: []) }
        }
    }
}
