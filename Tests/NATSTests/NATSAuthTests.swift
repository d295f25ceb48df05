import Foundation
import NATS
import NATSTestSupport
import Testing

/// Every way of proving identity and of securing the connection, against real servers.
@Suite("NATS auth and TLS against real servers", .serialized, .enabled(if: NATSServerBinary.shouldRun(.v2_15)))
struct NATSAuthTests {
    static let versions = NATSServerBinary.Version.allCases.filter(NATSServerBinary.shouldRun)

    /// Connects, round-trips one message through a subscription, and closes.
    private func roundTrip(_ options: NATSOptions) async throws {
        let client = try await NATSClient.connect(options)
        let subscription = try await client.subscribe("auth.check")
        try client.publish("auth.check", payload: Array("ok".utf8))
        var iterator = subscription.makeAsyncIterator()
        #expect(await iterator.next()?.payload == Array("ok".utf8))
        await client.close()
    }

    @Test("user and password, in options or in the URL; a wrong password is an auth error", arguments: versions)
    func userPassword(_ version: NATSServerBinary.Version) async throws {
        try await withNATSServer(.init(version: version, authorization: .userPassword(user: "alice", password: "s3cret"))) { server in
            try await roundTrip(NATSOptions(servers: [server.url], auth: .userPassword(user: "alice", password: "s3cret")))
            try await roundTrip(NATSOptions(servers: ["nats://alice:s3cret@127.0.0.1:\(server.port)"]))
            await #expect {
                try await NATSClient.connect(NATSOptions(servers: [server.url], auth: .userPassword(user: "alice", password: "wrong")))
            } throws: { error in
                guard case .auth(let text) = error as? NATSError else { return false }
                return text.contains("Authorization Violation")
            }
        }
    }

    @Test("token", arguments: versions)
    func token(_ version: NATSServerBinary.Version) async throws {
        try await withNATSServer(.init(version: version, authorization: .token("t0ken"))) { server in
            try await roundTrip(NATSOptions(servers: [server.url], auth: .token("t0ken")))
            await #expect(throws: NATSError.self) {
                try await NATSClient.connect(NATSOptions(servers: [server.url], auth: .token("other")))
            }
        }
    }

    @Test("NKey seed: the nonce is signed with the user's key", arguments: versions)
    func nkey(_ version: NATSServerBinary.Version) async throws {
        let user = NKeyPair(generating: .user)
        try await withNATSServer(.init(version: version, authorization: .nkeys([user.publicKey]))) { server in
            try await roundTrip(NATSOptions(servers: [server.url], auth: .nkeySeed(user.seed)))
            let stranger = NKeyPair(generating: .user)
            await #expect(throws: NATSError.self) {
                try await NATSClient.connect(NATSOptions(servers: [server.url], auth: .nkeySeed(stranger.seed)))
            }
        }
    }

    @Test(".creds file: user JWT plus NKey seed against an operator-mode server")
    func credsFile() async throws {
        let identity = TestOperator()
        try await withNATSServer(.init(authorization: identity.authorization)) { server in
            let path = server.directory.appendingPathComponent("user.creds").path
            try identity.credsFile().write(toFile: path, atomically: true, encoding: .utf8)
            try await roundTrip(NATSOptions(servers: [server.url], auth: .credsFile(path: path)))
            await #expect(throws: NATSError.self) {
                try await NATSClient.connect(NATSOptions(servers: [server.url], auth: .credsFile(path: path + ".missing")))
            }
        }
    }

    @Test("TLS: tls:// URL with the test CA, and a client certificate where the server verifies clients", arguments: versions)
    func tls(_ version: NATSServerBinary.Version) async throws {
        let certificates = try TestCertificates.generate()
        defer { try? FileManager.default.removeItem(at: certificates.directory) }
        let serverTLS = NATSServerConfiguration.TLS(
            certificateFile: certificates.serverCertificateFile, keyFile: certificates.serverKeyFile, caFile: certificates.caFile)
        try await withNATSServer(.init(version: version, tls: serverTLS)) { server in
            #expect(server.url.hasPrefix("tls://"))
            try await roundTrip(NATSOptions(servers: [server.url], tls: NATSTLSOptions(caFile: certificates.caFile)))
            // Without the CA the server's certificate is not trusted.
            await #expect(throws: NATSError.self) { try await NATSClient.connect(NATSOptions(servers: [server.url])) }
        }
        var verifying = serverTLS
        verifying.verifyClients = true
        try await withNATSServer(.init(version: version, tls: verifying)) { server in
            try await roundTrip(NATSOptions(servers: [server.url], tls: NATSTLSOptions(
                caFile: certificates.caFile, certificateFile: certificates.clientCertificateFile, keyFile: certificates.clientKeyFile)))
            await #expect(throws: NATSError.self) {
                try await NATSClient.connect(NATSOptions(servers: [server.url], tls: NATSTLSOptions(caFile: certificates.caFile)))
            }
        }
    }

    @Test("a NATS CLI context selected in context.txt supplies URL and credentials")
    func context() async throws {
        try await withNATSServer(.init(authorization: .userPassword(user: "ctx", password: "pw"))) { server in
            let config = server.directory.appendingPathComponent("xdg")
            let contexts = config.appendingPathComponent("nats/context")
            try FileManager.default.createDirectory(at: contexts, withIntermediateDirectories: true)
            let json = #"{"description":"test","url":"\#(server.url)","user":"ctx","password":"pw","creds":"","nkey":"","token":"","cert":"","key":"","ca":""}"#
            try json.write(to: contexts.appendingPathComponent("local.json"), atomically: true, encoding: .utf8)
            try "local\n".write(to: config.appendingPathComponent("nats/context.txt"), atomically: true, encoding: .utf8)
            let environment = ["XDG_CONFIG_HOME": config.path, "HOME": "/nonexistent"]
            let selected = try NATSContext.load(named: nil, environment: environment)
            #expect(selected.name == "local")
            let options = try selected.context.options()
            #expect(options.servers == [server.url])
            #expect(options.auth == .userPassword(user: "ctx", password: "pw"))
            #expect(options.tls == nil)
            try await roundTrip(options)
            #expect(throws: NATSError.self) { try NATSContext.load(named: "absent", environment: environment) }
        }
    }
}
