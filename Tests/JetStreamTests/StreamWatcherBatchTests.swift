import JetStream
import NATS
import NATSTestSupport
import Testing

/// A stream watch hands its events on in batches (one per socket read) without losing order or flow control.
@Suite("JetStream stream watcher batches", .serialized)
struct StreamWatcherBatchTests {
    @Test(arguments: bothServerVersions)
    func aScanComesInOrderInFewBatchesThenCaughtUpThenLiveMessages(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            try await js.createStream(StreamConfig(name: "SCAN", subjects: ["scan.>"], storage: .memory))
            let publisher = try await JetStreamPublisher(context: js, window: 512)
            let count = 10_000
            // 2 MB in all: the server asks for flow-control replies many times during the scan.
            let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 200)
            var pending: [PendingPubAck] = []
            for index in 0..<count { pending.append(try await publisher.publish("scan.\(index % 13)", payload: filler)) }
            for ack in pending { _ = try await ack.value() }
            let watcher = try StreamWatcher.start(context: js, stream: "SCAN", filter: nil, start: .all)
            var sequences: [UInt64] = []
            var batches = 0
            var sawCaughtUp = false
            for try await events in watcher.batches {
                #expect(!events.isEmpty)
                batches += 1
                for event in events {
                    switch event {
                    case .message(let message):
                        sequences.append(message.sequence)
                        if message.sequence == UInt64(count) + 1 { #expect(sawCaughtUp) }
                    case .caughtUp:
                        #expect(!sawCaughtUp)
                        #expect(sequences.count == count)
                        sawCaughtUp = true
                        _ = try await publisher.publish("scan.live", payload: [1]).value()
                    }
                }
                if sequences.count == count + 1 { break }
            }
            #expect(sequences == Array(1...UInt64(count + 1)))
            #expect(batches < count / 10, "\(batches) batches for \(count) messages")
            await watcher.stop()
            await publisher.close()
        }
    }
}
