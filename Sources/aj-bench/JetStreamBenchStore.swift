import AsyncJobs
import AsyncJobsJetStream
import JetStream
import NATS

/// A JetStream store with nothing in it, for one workload: every stream of asyncjobs' layout and the store's
/// own is deleted first, so each run starts as a fresh SQLite file does.
enum JetStreamBenchStore {
    static func fresh(url: String) async throws -> any JobStore {
        let client = try await NATSClient.connect(NATSOptions(servers: [url], name: "aj-bench"))
        let js = JetStreamContext(client: client)
        for name in try await js.streamNames() where name.hasPrefix("CHORIA_AJ") || name.hasPrefix("AJTOP")
            || name.hasPrefix("KV_CHORIA_AJ") {
            try await js.deleteStream(name)
        }
        return try await JetStreamStore.open(client: client)
    }
}
