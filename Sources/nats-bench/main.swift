import Foundation
import NATS

/// `nats-bench request --server URL [--count N] [--payload BYTES]`: request/reply latency through the NATS
/// client, against a responder on a second connection of the same client library, as `scripts/bench` runs it
/// beside the nats-py equivalent (`scripts/nats-py-bench.py`). Prints `request_p50_ms=… request_p99_ms=…`.
@main
struct NATSBench {
    static func main() async {
        do {
            try await run(Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("nats-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ arguments: [String]) async throws {
        guard arguments.first == "request" else {
            throw NATSError.invalidArgument("usage: nats-bench request --server URL [--count N] [--payload BYTES]")
        }
        var server = "nats://127.0.0.1:4222"
        var count = 5000
        var payloadSize = 64
        var index = 1
        while index < arguments.count {
            guard index + 1 < arguments.count else { throw NATSError.invalidArgument("\(arguments[index]) needs a value") }
            let value = arguments[index + 1]
            switch arguments[index] {
            case "--server": server = value
            case "--count":
                guard let number = Int(value), number > 0 else { throw NATSError.invalidArgument("--count must be a positive number") }
                count = number
            case "--payload":
                guard let number = Int(value), number >= 0 else { throw NATSError.invalidArgument("--payload must be a byte count") }
                payloadSize = number
            default: throw NATSError.invalidArgument("unknown option \(arguments[index])")
            }
            index += 2
        }
        let latencies = try await measureRequests(server: server, count: count, payloadSize: payloadSize)
        print(String(format: "request_p50_ms=%.3f request_p99_ms=%.3f requests=%d", latencies.p50, latencies.p99, count))
    }

    /// Sends `count` sequential requests after a warm-up and returns the median and 99th percentile in ms.
    static func measureRequests(server: String, count: Int, payloadSize: Int) async throws -> (p50: Double, p99: Double) {
        let responder = try await NATSClient.connect(NATSOptions(servers: [server], name: "nats-bench-responder"))
        let requester = try await NATSClient.connect(NATSOptions(servers: [server], name: "nats-bench-requester"))
        let subject = "bench.request.\(UUID().uuidString.prefix(8))"
        let subscription = try await responder.subscribe(subject)
        let serving = Task { await OnClientLoop(responder).answer(subscription) }
        try await responder.flush(timeout: .seconds(5))
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: payloadSize)
        var samples = try await OnClientLoop(requester).timeRequests(subject, payload: payload, warmUp: min(200, count), count: count)
        serving.cancel()
        await requester.close()
        await responder.close()
        samples.sort()
        return (samples[samples.count / 2], samples[min(samples.count - 1, samples.count * 99 / 100)])
    }
}

/// Runs on the client's own event loop (`NATSClient.executor`), as a latency-minded service would, so
/// answers and publishes do not hop between the loop thread and the cooperative pool.
actor OnClientLoop {
    let client: NATSClient
    private let loopExecutor: any SerialExecutor

    init(_ client: NATSClient) {
        self.client = client
        self.loopExecutor = client.executor
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { loopExecutor.asUnownedSerialExecutor() }

    func answer(_ subscription: NATSSubscription) async {
        for await message in subscription {
            if let reply = message.reply { try? client.publish(reply, payload: message.payload) }
        }
    }

    /// Times `count` sequential requests after `warmUp` untimed ones; milliseconds each.
    func timeRequests(_ subject: String, payload: [UInt8], warmUp: Int, count: Int) async throws -> [Double] {
        for _ in 0..<warmUp { _ = try await client.request(subject, payload: payload, timeout: .seconds(5)) }
        var samples: [Double] = []
        samples.reserveCapacity(count)
        let clock = ContinuousClock()
        for _ in 0..<count {
            let started = clock.now
            _ = try await client.request(subject, payload: payload, timeout: .seconds(5))
            let elapsed = clock.now - started
            samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        return samples
    }
}
