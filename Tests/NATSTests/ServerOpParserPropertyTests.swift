import AsyncJobsTesting
import Foundation
import NIOCore
import Testing

@testable import NATS

/// The parser must frame any split of a valid stream exactly as the whole, and must never crash or invent an op
/// on arbitrary bytes. Seeds are fixed so a failure reproduces; the counts are printed for the record.
/// Each computes for seconds in a debug build, so each runs on a thread of its own, not on the concurrency pool.
@Suite("NATS parser properties", .ownThread)
struct ServerOpParserPropertyTests {
    /// The server-to-client half of the captures in `shared/reference/jetstream-assets`, CRLFs restored.
    static let captures: [(name: String, bytes: [UInt8])] = ["wire-2.9.10", "wire-2.15.1", "wire-2.15.1-ackv2-domain"].map { name in
        let url = Bundle.module.url(forResource: "Captures/\(name)-server", withExtension: "bin")!
        return (name, Array(try! Data(contentsOf: url)))
    }

    /// Feeds `bytes` in chunks whose sizes come from `chunkSize`, collecting ops until the end or the first error.
    static func feed(_ bytes: [UInt8], chunkSize: () -> Int) -> (ops: [ServerOp], error: NATSError?, leftover: Int) {
        var parser = ServerOpParser()
        var buffer = ByteBuffer()
        var ops: [ServerOp] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkSize())
            buffer.writeBytes(bytes[offset..<end])
            offset = end
            do {
                while let op = try parser.next(from: &buffer) { ops.append(op) }
            } catch {
                return (ops, error, buffer.readableBytes)
            }
        }
        return (ops, nil, buffer.readableBytes)
    }

    @Test("captured 2.9.10 and 2.15.1 streams parse completely")
    func capturesParse() {
        for capture in Self.captures {
            let whole = Self.feed(capture.bytes) { capture.bytes.count }
            #expect(whole.error == nil, "\(capture.name): \(String(describing: whole.error))")
            #expect(whole.leftover == 0, "\(capture.name)")
            let messages = whole.ops.filter { if case .message = $0 { true } else { false } }
            #expect(!messages.isEmpty, "\(capture.name)")
        }
    }

    @Test("any split of the captured streams frames identically, 1 byte at a time included")
    func randomSplits() {
        var random = SeededRandom(seed: 0x5EED_0001)
        var inputs = 0
        for capture in Self.captures {
            let reference = Self.feed(capture.bytes) { capture.bytes.count }.ops
            #expect(Self.feed(capture.bytes) { 1 }.ops == reference)
            inputs += 1
            for _ in 0..<100 {
                let maximum = [8, 64, 512, 1500][Int(random.next() % 4)]
                let split = Self.feed(capture.bytes) { 1 + Int(random.next() % UInt64(maximum)) }
                #expect(split.ops == reference && split.error == nil && split.leftover == 0)
                inputs += 1
            }
        }
        print("NATS parser property: \(inputs) random splits of the captured streams framed identically")
    }

    @Test("random messages round-trip through any split, whatever bytes their payloads hold")
    func generatedMessages() {
        var random = SeededRandom(seed: 0x5EED_0002)
        let inputs = 1500
        for _ in 0..<inputs {
            let expected = (0..<(1 + Int(random.next() % 6))).map { _ in Self.randomMessage(&random) }
            var bytes: [UInt8] = []
            for (sid, message) in expected { bytes += Self.serverFrame(sid: sid, message, spaces: 1 + Int(random.next() % 2)) }
            let parsed = Self.feed(bytes) { 1 + Int(random.next() % 40) }
            #expect(parsed.error == nil && parsed.leftover == 0)
            #expect(parsed.ops == expected.map { ServerOp.message(sid: $0.0, $0.1) })
        }
        print("NATS parser property: \(inputs) streams of generated MSG/HMSG frames round-tripped")
    }

    @Test("random and corrupted bytes never crash the parser nor change the ops before the damage")
    func garbage() {
        var random = SeededRandom(seed: 0x5EED_0003)
        let vocabulary = ["MSG ", "HMSG ", "PING", "PONG", "+OK", "-ERR ", "INFO ", "\r\n", " ", "\t", "NATS/1.0", "1", "12", "\r", "\n", ":"]
        var inputs = 0
        for round in 0..<1_500 {
            var bytes: [UInt8] = []
            for _ in 0..<(1 + Int(random.next() % 24)) {
                if random.next() % 3 == 0 {
                    bytes += (0..<(1 + Int(random.next() % 8))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                } else {
                    bytes += Array(vocabulary[Int(random.next() % UInt64(vocabulary.count))].utf8)
                }
            }
            let outcome = Self.feed(bytes) { 1 + Int(random.next() % 16) }
            // Whatever came out must also come out when the same bytes arrive in one piece.
            let whole = Self.feed(bytes) { bytes.count }
            #expect(outcome.ops == whole.ops && (outcome.error == nil) == (whole.error == nil))
            inputs += 1
            // A valid prefix then damage: the prefix's ops come out unchanged, first.
            let capture = Self.captures[round % Self.captures.count].bytes
            let cut = Int(random.next() % UInt64(capture.count))
            let reference = Self.feed(Array(capture[..<cut])) { cut }.ops
            let damaged = Self.feed(Array(capture[..<cut]) + bytes) { 1 + Int(random.next() % 512) }
            #expect(Array(damaged.ops.prefix(reference.count)) == reference)
            inputs += 1
        }
        print("NATS parser property: \(inputs) random or damaged byte streams, no crash, no reordered or altered op")
    }

    static func randomMessage(_ random: inout SeededRandom) -> (UInt64, NATSMessage) {
        func token() -> String {
            let letters = Array("abcXYZ019_-$>*")
            return String((0..<(1 + Int(random.next() % 8))).map { _ in letters[Int(random.next() % UInt64(letters.count))] })
        }
        let subject = (0..<(1 + Int(random.next() % 4))).map { _ in token() }.joined(separator: ".")
        let reply = random.next() % 2 == 0 ? nil : "_INBOX." + token()
        let payload = (0..<Int(random.next() % 300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var message = NATSMessage(subject: subject, reply: reply, payload: payload)
        if random.next() % 2 == 0 {
            var headers = NATSHeaders()
            for _ in 0..<Int(random.next() % 4) { headers.append("X-" + token(), token() + " " + token()) }
            message.headers = headers.isEmpty ? nil : headers
            if random.next() % 3 == 0 {
                message.status = [100, 404, 408, 409, 503][Int(random.next() % 5)]
                message.statusDescription = random.next() % 2 == 0 ? nil : "Some Status Text"
            }
        }
        return (random.next() % 1_000_000, message)
    }

    /// How the server writes a message: `MSG`, or `HMSG` when there is a header block or a status.
    static func serverFrame(sid: UInt64, _ message: NATSMessage, spaces: Int) -> [UInt8] {
        let gap = String(repeating: " ", count: spaces)
        let replyPart = message.reply.map { "\($0)\(gap)" } ?? ""
        guard message.headers != nil || message.status != nil else {
            return Array("MSG\(gap)\(message.subject)\(gap)\(sid)\(gap)\(replyPart)\(message.payload.count)\r\n".utf8) + message.payload + [13, 10]
        }
        var block = "NATS/1.0"
        if let status = message.status { block += " \(status)" + (message.statusDescription.map { " \($0)" } ?? "") }
        block += "\r\n"
        for field in message.headers?.fields ?? [] { block += "\(field.name): \(field.value)\r\n" }
        block += "\r\n"
        let header = Array(block.utf8)
        return Array("HMSG\(gap)\(message.subject)\(gap)\(sid)\(gap)\(replyPart)\(header.count)\(gap)\(header.count + message.payload.count)\r\n".utf8)
            + header + message.payload + [13, 10]
    }
}

/// SplitMix64: a small deterministic generator, so a failing case can be replayed from its seed.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
