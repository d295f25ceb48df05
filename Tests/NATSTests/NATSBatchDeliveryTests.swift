import NATS
import NATSTestSupport
import Testing

/// A socket read's messages reach each subscription as one batch, in the order the server sent them.
@Suite("NATS batch delivery", .serialized)
struct NATSBatchDeliveryTests {
    static let versions = NATSServerBinary.Version.allCases.filter(NATSServerBinary.shouldRun)

    @Test("many messages per read: every subscription gets its own in order, in far fewer batches than messages",
          arguments: versions)
    func orderUnderManyMessagesPerRead(_ version: NATSServerBinary.Version) async throws {
        try await withNATSServer(.init(version: version)) { server in
            let client = try await NATSClient.connect(NATSOptions(servers: [server.url]))
            let first = try await client.subscribe("batch.a")
            let second = try await client.subscribe("batch.b")
            let count = 20_000
            // Interleaved, so one read holds both subscriptions' messages.
            for index in 0..<count {
                try client.publish("batch.a", payload: Array("\(index)".utf8))
                try client.publish("batch.b", payload: Array("\(count - index)".utf8))
            }
            // The PONG comes after every message above: by then each is in its subscription.
            try await client.flush(timeout: .seconds(10))
            #expect(first.droppedMessages == 0 && second.droppedMessages == 0)
            try await first.unsubscribe()
            try await second.unsubscribe()
            var firstBatches = 0
            var firstPayloads: [String] = []
            for await batch in first.batches {
                #expect(!batch.isEmpty)
                firstBatches += 1
                firstPayloads += batch.map { String(decoding: $0.payload, as: UTF8.self) }
            }
            var secondPayloads: [String] = []
            for await message in second { secondPayloads.append(String(decoding: message.payload, as: UTF8.self)) }
            #expect(firstPayloads == (0..<count).map { "\($0)" })
            #expect(secondPayloads == (0..<count).map { "\(count - $0)" })
            // One wake-up of the reader per read, not per message (a read holds hundreds of these).
            #expect(firstBatches < count / 10, "\(firstBatches) batches for \(count) messages")
            await client.close()
        }
    }

    @Test("the pending limit counts messages, not batches")
    func pendingLimitCountsMessages() async throws {
        try await withNATSServer { server in
            let client = try await NATSClient.connect(NATSOptions(servers: [server.url], subscriptionPendingLimit: 100))
            let subscription = try await client.subscribe("limited")
            for index in 0..<1_000 { try client.publish("limited", payload: Array("\(index)".utf8)) }
            try await client.flush(timeout: .seconds(5))
            #expect(subscription.droppedMessages == 900)
            try await subscription.unsubscribe()
            var kept: [String] = []
            for await message in subscription { kept.append(String(decoding: message.payload, as: UTF8.self)) }
            #expect(kept == (0..<100).map { "\($0)" })
            await client.close()
        }
    }
}
