import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsSQLite
import Foundation
import NATS

/// Opens the store ajtop watches: the SQLite file named by `--store`, `AJ_STORE` or the standard location
/// that `ajc` uses too; or the JetStream store on a NATS server named by `--nats`, `--context` or a `nats://`
/// URL in `--store` / `AJ_STORE`. For `--demo`, `--store`, `--nats`, `--context` or the separate demo file,
/// never `AJ_STORE`, so the demo never writes into a real store by accident.
enum StoreOpener {
    /// The store, how the header names it, and why it is read-only when it is (asked for, or a file this
    /// user cannot write). A JetStream store that serves no local workers only observes: it holds no task
    /// payloads (a task's detail reads its payload from the server), which keeps a dashboard over many tasks
    /// small.
    static func open(path: String?, nats: String?, context: String?, demo: Bool, readOnly: Bool, runsWorkers: Bool) async throws
        -> (store: any JobStore, label: String, readOnlyReason: String?) {
        let environment = demo ? [:] : ProcessInfo.processInfo.environment
        if let address = try JetStreamStoreAddress.resolve(nats: nats, context: context, store: path, environment: environment) {
            let client: NATSClient
            do {
                client = try await NATSClient.connect(try address.options(name: "ajtop"))
            } catch {
                throw StoreOpenFailure(text: "cannot open store \(address.label): \(error)")
            }
            return (try await JetStreamStore.open(client: client, mode: runsWorkers ? .live : .observing), address.label, nil)
        }
        let resolved = demo && path == nil ? StoreLocation.demoPath() : StoreLocation.resolve(explicit: path)
        let store = try SQLiteStore(path: resolved, readOnly: readOnly)
        return (store, resolved, store.readOnlyReason)
    }
}

/// Why the store could not be opened, already phrased "cannot open store WHERE: why".
struct StoreOpenFailure: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}
