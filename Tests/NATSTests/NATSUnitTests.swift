import Foundation
import NIOCore
import Testing

@testable import NATS

@Suite("NATS options, keys and encoding")
struct NATSUnitTests {
    @Test("server URLs: schemes, default port, credentials, IPv6; bad ones are clear errors")
    func addresses() throws {
        let plain = try NATSServerAddress(parsing: "nats://10.0.0.1")
        #expect(plain.host == "10.0.0.1" && plain.port == 4222 && !plain.requiresTLS)
        let tls = try NATSServerAddress(parsing: "tls://user:p%40ss@example.com:4443")
        #expect(tls.requiresTLS && tls.port == 4443 && tls.user == "user" && tls.password == "p@ss")
        let bare = try NATSServerAddress(parsing: "localhost:5222")
        #expect(bare.host == "localhost" && bare.port == 5222)
        let v6 = try NATSServerAddress(parsing: "nats://[::1]:4223")
        #expect(v6.host == "::1" && v6.port == 4223)
        #expect(throws: NATSError.self) { try NATSServerAddress(parsing: "http://x:1") }
        #expect(throws: NATSError.self) { try NATSServerAddress(parsing: "nats://host:99999") }
        #expect(throws: NATSError.self) { try NATSServerAddress(parsing: "nats://:4222") }
    }

    @Test("reconnect backoff doubles up to the cap and jitter only shortens it")
    func backoff() {
        let policy = NATSReconnectPolicy(initialDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: 0.5)
        #expect(policy.delay(beforeAttempt: 0, unitRandom: 0.9) == .zero)
        #expect(policy.delay(beforeAttempt: 1, unitRandom: 1) == .milliseconds(100))
        #expect(policy.delay(beforeAttempt: 3, unitRandom: 1) == .milliseconds(400))
        #expect(policy.delay(beforeAttempt: 10, unitRandom: 1) == .seconds(1))
        #expect(policy.delay(beforeAttempt: 10, unitRandom: 0) == .milliseconds(500))
        #expect(policy.delay(beforeAttempt: 2, unitRandom: 0.5) == .milliseconds(150))
    }

    @Test("NKey seeds round-trip; a corrupted seed fails its checksum")
    func nkeys() throws {
        let pair = NKeyPair(generating: .user)
        #expect(pair.seed.hasPrefix("SU") && pair.seed.count == 58)
        #expect(pair.publicKey.hasPrefix("U") && pair.publicKey.count == 56)
        let decoded = try NKeyPair(seed: pair.seed)
        #expect(decoded.publicKey == pair.publicKey && decoded.kind == .user)
        #expect(try NKeyPair(generating: .account).seed.hasPrefix("SA"))
        var corrupted = Array(pair.seed)
        corrupted[10] = corrupted[10] == "A" ? "B" : "A"
        #expect(throws: NATSError.self) { try NKeyPair(seed: String(corrupted)) }
        #expect(throws: NATSError.self) { try NKeyPair(seed: "not a seed") }
    }

    @Test("a .creds file yields its JWT and seed; a file without them is an auth error")
    func creds() throws {
        let seed = NKeyPair(generating: .user).seed
        let text = "-----BEGIN NATS USER JWT-----\neyJhbGc.eyJzdWI.c2ln\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n\(seed)\n------END USER NKEY SEED------\n"
        let creds = try CredsFile(contents: text, source: "test")
        #expect(creds.jwt == "eyJhbGc.eyJzdWI.c2ln" && creds.seed == seed)
        #expect(throws: NATSError.self) { try CredsFile(contents: "just text", source: "test") }
    }

    @Test("PUB and HPUB are written exactly as the protocol counts them")
    func clientOps() {
        var buffer = ByteBuffer()
        ClientOp.publish(subject: "a.b", reply: nil, headers: nil, payload: Array("hi".utf8)).write(into: &buffer)
        ClientOp.publish(subject: "t", reply: "_INBOX.1", headers: ["Nats-Expected-Last-Subject-Sequence": "0"], payload: Array("{}".utf8))
            .write(into: &buffer)
        ClientOp.subscribe(subject: "q.>", queueGroup: "g", sid: 12).write(into: &buffer)
        ClientOp.unsubscribe(sid: 12, max: 1).write(into: &buffer)
        #expect(String(buffer: buffer) == "PUB a.b 2\r\nhi\r\n"
            + "HPUB t _INBOX.1 52 54\r\nNATS/1.0\r\nNats-Expected-Last-Subject-Sequence: 0\r\n\r\n{}\r\n"
            + "SUB q.> g 12\r\nUNSUB 12 1\r\n")
    }

    @Test("headers keep order and case, look up without case, and replace every value on set")
    func headers() {
        var headers: NATSHeaders = ["X-One": "1", "x-one": "2", "Other": "o"]
        #expect(headers["X-ONE"] == "1" && headers.values(for: "x-one") == ["1", "2"])
        headers.set("X-One", "3")
        #expect(headers.fields.map(\.name) == ["X-One", "Other"] && headers["x-one"] == "3")
        headers["Other"] = nil
        #expect(headers.fields.count == 1)
    }
}
