import ArgumentParser
import AsyncJobs
import AsyncJobsHTTP
import Foundation

/// `ajc server run`: asyncjobs' HTTP API in front of the store, in the foreground.
struct ServerRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Serve asyncjobs' HTTP API (tasks, queues, health) and its OpenAPI document.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc server run [--queue <name> ...] [--allow-create-default]
                   [--bind <address>] [--unsafe-bind] [--monitor <port>]
                   [--tls-cert <file> --tls-key <file> [--tls-client-ca <file>]]
                   [--read-timeout <duration>] [--write-timeout <duration>]
                   [--max-body <bytes>] [--store <path>]
            """,
        discussion: """
            Tasks are created only in the --queue queues (and DEFAULT with --allow-create-default); \
            reads, retries, deletes and queue administration cover the whole store. The document is at \
            /v1/openapi.json.

            Listens on 127.0.0.1:8080 by default. The API has no authentication, so another address needs \
            TLS with client certificates (--tls-cert, --tls-key, --tls-client-ca) or --unsafe-bind (behind \
            an authenticating proxy). Ctrl-C or SIGTERM stops it.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Listen on HOST:PORT, [IPv6]:PORT or PORT (127.0.0.1; 0 picks a free port).", valueName: "address"))
    var bind = "127.0.0.1:8080"

    @Option(name: .customLong("queue"), help: ArgumentHelp("A queue tasks may be created in (repeatable; must exist).", valueName: "name"))
    var queues: [String] = []

    @Flag(help: "Also create tasks in DEFAULT, creating that queue on first use.")
    var allowCreateDefault = false

    @Option(help: ArgumentHelp("The server's TLS certificate chain (PEM).", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The server's TLS private key (PEM).", valueName: "file"))
    var tlsKey: String?

    @Option(name: .customLong("tls-client-ca"), help: ArgumentHelp("Require client certificates signed by this CA (PEM); needs --tls-cert.", valueName: "file"))
    var tlsClientCA: String?

    @Option(help: ArgumentHelp("Close a connection that sends nothing for this long.", valueName: "duration"))
    var readTimeout = DurationArgument(argument: "30s")!

    @Option(help: ArgumentHelp("Close a connection whose response takes longer than this.", valueName: "duration"))
    var writeTimeout = DurationArgument(argument: "30s")!

    @Option(help: ArgumentHelp("Largest request body in bytes; larger ones get 413.", valueName: "bytes"))
    var maxBody = HTTPServerOptions.defaultMaxBodyBytes

    @Flag(help: "Allow a non-loopback --bind without client certificates.")
    var unsafeBind = false

    @OptionGroup var monitorOption: MonitorOption

    func validate() throws {
        if queues.isEmpty && !allowCreateDefault {
            throw ValidationError("--queue is required (the queues tasks may be created in), unless --allow-create-default")
        }
        for queue in queues where !NameValidation.isValid(queue) {
            throw ValidationError("--queue: \(JobError.invalidName(kind: "queue name", name: queue))")
        }
        do { _ = try BindAddress(parsing: bind) } catch { throw ValidationError("--bind: \(error)") }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if tlsClientCA != nil && tlsCert == nil { throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key") }
        guard maxBody >= 1 else { throw ValidationError("--max-body must be at least 1, got \(maxBody)") }
        guard readTimeout.duration > .zero, writeTimeout.duration > .zero else {
            throw ValidationError("--read-timeout and --write-timeout must be positive")
        }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        // Refuse at start rather than at the first create: every served queue must exist.
        for queue in queues where !(allowCreateDefault && queue == Queue.defaultName) {
            _ = try await store.queue(named: queue)
        }
        let monitor = try await monitorOption.start(store: store)
        let tls = tlsCert.map { TLSSettings(certificatePath: $0, keyPath: tlsKey ?? "", clientCAPath: tlsClientCA) }
        let options = HTTPServerOptions(bind: try BindAddress(parsing: bind), tls: tls, unsafeBind: unsafeBind, maxBodyBytes: maxBody,
                                        readTimeout: readTimeout.duration, writeTimeout: writeTimeout.duration)
        let settings = APISettings(queues: queues, allowCreateDefault: allowCreateDefault, mutualTLS: tlsClientCA != nil)
        let trap = SignalTrap()
        defer { trap.cancel() }
        let server = try await HTTPServer.start(options: options, responder: APIResponder(store: store, settings: settings))
        Diagnostics.note("Serving the HTTP API on \(server.url) for queues \(settings.servedQueues.joined(separator: ", ")) (Ctrl-C to stop)")
        for await _ in trap.signals { break }
        await server.stop()
        await monitor?.stop()
    }
}
