import Foundation
import JetStream
import NATS

/// `jetstream-bench --server URL [--count N] [--windows 256,1024] [--batches 500,1000] [--payload BYTES]`:
/// JetStream throughput through this library, as `scripts/bench` runs it beside `scripts/jetstream_py_bench.py`
/// on the same server.
///
/// Windowed publish: ``JetStreamPublisher`` with the window, every PubAck awaited before the clock stops.
/// Pull + ack: a durable pull consumer, `fetch(batch)` and a fire-and-forget `+ACK` per message (what nats-py's
/// `ack()` does), until every message is acknowledged. Each configuration runs on a fresh file-storage stream.
/// Prints one line per configuration to stderr and the best of each on stdout: `publish_per_s=N pull_ack_per_s=N`.
@main
struct JetStreamBench {
    static func main() async {
        do {
            try await run(Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("jetstream-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    struct Settings {
        var server = "nats://127.0.0.1:4222"
        var count = 50_000
        var windows = [256, 1024]
        var batches = [500, 1000]
        var payloadSize = 128
    }

    static func parse(_ arguments: [String]) throws -> Settings {
        var settings = Settings()
        var index = 0
        func numbers(_ text: String, _ option: String) throws -> [Int] {
            let values = text.split(separator: ",").compactMap { Int($0) }
            guard !values.isEmpty, values.allSatisfy({ $0 > 0 }) else {
                throw JetStreamError.invalidArgument("\(option) takes positive numbers separated by commas, not \(text)")
            }
            return values
        }
        while index < arguments.count {
            guard index + 1 < arguments.count else { throw JetStreamError.invalidArgument("\(arguments[index]) needs a value") }
            let value = arguments[index + 1]
            switch arguments[index] {
            case "--server": settings.server = value
            case "--count": settings.count = try numbers(value, "--count")[0]
            case "--windows": settings.windows = try numbers(value, "--windows")
            case "--batches": settings.batches = try numbers(value, "--batches")
            case "--payload": settings.payloadSize = try numbers(value, "--payload")[0]
            default: throw JetStreamError.invalidArgument("unknown option \(arguments[index])")
            }
            index += 2
        }
        return settings
    }

    static func run(_ arguments: [String]) async throws {
        let settings = try parse(arguments)
        let client = try await NATSClient.connect(NATSOptions(servers: [settings.server], name: "jetstream-bench"))
        let js = JetStreamContext(client: client)
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: settings.payloadSize)
        var bestPublish = 0.0
        for window in settings.windows {
            let rate = try await publishRun(js, count: settings.count, window: window, payload: payload)
            report("publish window=\(window): \(Int(rate))/s")
            bestPublish = max(bestPublish, rate)
        }
        var bestPull = 0.0
        for batch in settings.batches {
            let rate = try await pullRun(js, count: settings.count, batch: batch, payload: payload)
            report("pull+ack batch=\(batch): \(Int(rate))/s")
            bestPull = max(bestPull, rate)
        }
        await client.close()
        print("publish_per_s=\(Int(bestPublish)) pull_ack_per_s=\(Int(bestPull))")
    }

    static func report(_ line: String) {
        FileHandle.standardError.write(Data("jetstream-bench \(line)\n".utf8))
    }

    static func freshStream(_ js: JetStreamContext) async throws {
        if try await js.streamInfoIfExists("SWBENCH") != nil { try await js.deleteStream("SWBENCH") }
        try await js.createStream(StreamConfig(name: "SWBENCH", subjects: ["SWBENCH.>"], storage: .file))
    }

    /// Publishes `count` messages through a window and returns messages per second, all acknowledged.
    static func publishRun(_ js: JetStreamContext, count: Int, window: Int, payload: [UInt8]) async throws -> Double {
        try await freshStream(js)
        let clock = ContinuousClock()
        let started = clock.now
        try await publishAll(js, count: count, window: window, payload: payload)
        let rate = Double(count) / seconds(clock.now - started)
        let stored = try await js.streamInfo("SWBENCH").state.messages
        guard stored == count else { throw JetStreamError.invalidResponse("publish stored \(stored) of \(count)") }
        return rate
    }

    static func publishAll(_ js: JetStreamContext, count: Int, window: Int, payload: [UInt8]) async throws {
        // Throughput, not latency, is measured: a generous ack timeout keeps a loaded machine from failing the run.
        let publisher = try await JetStreamPublisher(context: js, window: window, ackTimeout: .seconds(60))
        // The publisher keeps `window` acks outstanding; every one is checked before the clock stops.
        var pending: [PendingPubAck] = []
        pending.reserveCapacity(count)
        for index in 0..<count {
            pending.append(try await publisher.publish("SWBENCH.\(index % 16)", payload: payload))
        }
        for ack in pending { _ = try await ack.value() }
        await publisher.close()
    }

    /// Fills a stream with `count` messages, then pulls and acknowledges them all; returns messages per second.
    static func pullRun(_ js: JetStreamContext, count: Int, batch: Int, payload: [UInt8]) async throws -> Double {
        try await freshStream(js)
        try await publishAll(js, count: count, window: 1024, payload: payload)
        var config = ConsumerConfig(durableName: "BENCH", ackPolicy: .explicit)
        config.maxAckPending = -1
        try await js.createConsumer(stream: "SWBENCH", config: config)
        let clock = ContinuousClock()
        let started = clock.now
        var received = 0
        while received < count {
            let messages = try await js.fetch(stream: "SWBENCH", consumer: "BENCH", batch: batch, expires: .seconds(2))
            for message in messages { try message.ack() }
            received += messages.count
        }
        try await js.client.flush(timeout: .seconds(10))
        let rate = Double(count) / seconds(clock.now - started)
        let pending = try await js.consumerInfo(stream: "SWBENCH", name: "BENCH")
        guard pending.pendingCount == 0 else { throw JetStreamError.invalidResponse("\(pending.pendingCount) left unpulled") }
        return rate
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
