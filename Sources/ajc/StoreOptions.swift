import ArgumentParser
import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsSQLite
import NATS

/// `--store PATH`, `--nats URL` and `--context NAME`, on every command that opens the store: a file is the
/// SQLite store; a NATS server (`--nats`, a NATS CLI context as asyncjobs' `ajc --context`, or a `nats://`
/// URL in `--store` or `AJ_STORE`) is the JetStream store in asyncjobs' layout, shared with Go programs.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store file, or a nats:// URL. Default: $AJ_STORE, else $XDG_DATA_HOME/ajtop/store.sqlite or ~/.local/share/ajtop/store.sqlite.",
            valueName: "path"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp(
        "A NATS server (comma-separated for a cluster): the JetStream store there, in asyncjobs' layout.", valueName: "url"))
    var nats: String?

    @Option(name: .long, help: ArgumentHelp(
        "A NATS CLI context (as asyncjobs' ajc --context): the JetStream store on its server.", valueName: "name"))
    var context: String?

    func validate() throws {
        // An empty value would otherwise quietly mean "the default store", a different file than asked for.
        if store == "" { throw ValidationError("--store: the path is empty") }
        do {
            _ = try address()
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The NATS server named by the flags or `AJ_STORE`, or nil for the SQLite store.
    func address() throws(JetStreamStoreAddressError) -> JetStreamStoreAddress? {
        try JetStreamStoreAddress.resolve(nats: nats, context: context, store: store)
    }

    /// Whether the JetStream store is meant, so that asyncjobs' JetStream-only flags apply.
    var isJetStream: Bool { (try? address()) != nil }

    /// Opens the store: the SQLite file (created, with its folder for the default location, on first use),
    /// or the JetStream store on the server, whose streams are created with `jetStream` when missing. A
    /// command that only reads and exits opens the JetStream store as a `.snapshot`: no live watches and no
    /// event history unless it asks for events (the SQLite store reads the file on every call either way).
    func open(jetStream: JetStreamStoreOptions = JetStreamStoreOptions(),
              mode: JetStreamStoreMode = .live) async throws -> any JobStore {
        if let address = try address() {
            DebugMode.log("opening the JetStream store on \(address.label)")
            let client: NATSClient
            do {
                client = try await NATSClient.connect(try address.options(name: "ajc"))
            } catch {
                throw StoreOpenError(text: "cannot connect to \(address.label): \(error)")
            }
            let opened = try await JetStreamStore.open(client: client, options: jetStream, mode: mode)
            KeptUntilExit.keep(opened)
            return opened
        }
        let path = try StoreLocation.resolve(explicit: store)
        DebugMode.log("opening the SQLite store at \(path)")
        return try SQLiteStore(path: path)
    }

    /// Opens the store for a command that needs its scheduled tasks; a store that keeps none says so.
    func openWithSchedules() async throws -> any JobStore & ScheduleStore {
        try Self.withSchedules(try await open())
    }

    /// `store` as a keeper of scheduled tasks, or a one-line error naming what it lacks.
    static func withSchedules(_ store: any JobStore) throws -> any JobStore & ScheduleStore {
        guard let scheduling = store as? any JobStore & ScheduleStore else {
            throw StoreOpenError(text: "this store keeps no scheduled tasks (the SQLite and JetStream stores do)")
        }
        return scheduling
    }
}

/// The store could not be reached; says where and why.
struct StoreOpenError: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}
