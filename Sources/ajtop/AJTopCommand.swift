import AJTop
import ArgumentParser
import AsyncJobs
import AsyncJobsHTTP
import AsyncJobsJetStream

/// ajtop's command line. Parsing only: the program itself is in `main.swift`.
struct AJTopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ajtop",
        abstract: "A live dashboard of AsyncJobs queues: depth, active against MaxConcurrent, retry timelines.",
        discussion: "Keys: ↑/↓ or k/j move, Enter open, Esc back, / filter, r retry, t terminate, p pause, "
            + "+/- MaxConcurrent, 2 workers, w start/stop the local pool, ? help, q quit. "
            + "--batch prints plain-text frames instead.\n\n"
            + "--demo fills a demo store (default: demo.sqlite beside the standard store; never $AJ_STORE) "
            + "and runs its workers here. --workers N --handler TYPE=COMMAND runs a pool on --queue "
            + "(default DEFAULT) whose handlers run COMMAND per task, as `ajc task process` does."
    )

    @Option(name: .long, help: ArgumentHelp("The store file or a nats:// URL (default: $AJ_STORE, else the standard location).",
                                            valueName: "path"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("A NATS server (comma-separated for a cluster): the JetStream store there, in asyncjobs' layout.",
                                            valueName: "url"))
    var nats: String?

    @Option(name: .long, help: ArgumentHelp("A NATS CLI context (as asyncjobs' ajc --context): the JetStream store on its server.",
                                            valueName: "name"))
    var context: String?

    @Option(name: .long, help: ArgumentHelp("Refresh interval, Go-style (500ms, 1s, 2m).", valueName: "duration"))
    var refresh: String = "1s"

    @Flag(name: .long, help: "Refuse every action that changes the store.")
    var readOnly = false

    @Flag(name: .long, help: "Create demo queues, keep enqueuing demo tasks and run their workers here.")
    var demo = false

    @Option(name: .long, help: ArgumentHelp("Run a local worker pool of this many handlers (default 10 with --handler).",
                                            valueName: "n"))
    var workers: Int?

    @Option(name: .long, parsing: .singleValue,
            help: ArgumentHelp("Handle tasks of TYPE (exact or prefix; empty for every type) by running COMMAND, as `ajc task process` does. Repeatable.",
                               valueName: "type=command"))
    var handler: [String] = []

    @Option(name: .long, help: ArgumentHelp("The queue the --handler pool serves (default DEFAULT).", valueName: "name"))
    var queue: String?

    /// The queue the `--handler` pool serves.
    var handlerQueue: String { queue ?? Queue.defaultName }

    @Option(name: .long, help: ArgumentHelp("With a local pool: serve Prometheus metrics at /metrics on this port (127.0.0.1), or on HOST:PORT.",
                                            valueName: "port"))
    var monitor: String?

    @Flag(name: .long, help: "With a local pool: also run a scheduler for the store's schedules (ajc task cron), elected among all schedulers.")
    var scheduler = false

    @Flag(name: .long, help: "Print plain-text frames to stdout instead of running full-screen (like top -b).")
    var batch = false

    @Option(name: .long, help: "Frames to print with --batch, one per refresh interval (default 1).")
    var iterations: Int?

    /// The largest `--batch` frame: wider and taller than any real terminal.
    static let largestFrame = (width: 1000, height: 1000)

    @Option(name: .long, help: "Frame width for --batch (default 120, at most 1000).")
    var width: Int?

    @Option(name: .long, help: "Frame height for --batch (default 40, at most 1000).")
    var height: Int?

    @Option(name: .long, help: "With --batch: keys pressed before each frame, space-separated (Enter, Esc, Tab, Up, Down, PgUp, PgDn, Space or one character), e.g. 'Enter h h h' for the first queue's 7-day history.")
    var keys: String?

    /// The `--keys` value as keys; nil when a name is not a key.
    var batchKeys: [Key]? {
        let names = (keys ?? "").split(separator: " ").map(String.init)
        let parsed = names.compactMap(Key.init(name:))
        return parsed.count == names.count ? parsed : nil
    }

    @Flag(name: .long, help: ArgumentHelp("With --batch: read afresh for every frame and print the median read+render time to stderr.",
                                          visibility: .hidden))
    var timing = false

    /// The `--handler` values as (type, command), split at the first `=`.
    var handlers: [(type: String, command: String)] {
        handler.compactMap { value in
            guard let equals = value.firstIndex(of: "=") else { return nil }
            return (String(value[..<equals]), String(value[value.index(after: equals)...]))
        }
    }

    /// Whether this ajtop runs worker pools.
    var runsWorkers: Bool { demo || !handler.isEmpty }

    /// The parsed refresh interval.
    var refreshInterval: Duration { GoDuration.parse(refresh) ?? .seconds(1) }

    func validate() throws {
        // An empty value would otherwise quietly mean "the default store", a different file than asked for.
        if store == "" { throw ValidationError("--store: the path is empty") }
        do {
            _ = try JetStreamStoreAddress.resolve(nats: nats, context: context, store: store)
        } catch {
            throw ValidationError(error.description)
        }
        guard let interval = GoDuration.parse(refresh), interval > .zero else {
            throw ValidationError("--refresh: \"\(refresh)\" is not a positive duration such as 500ms, 1s or 2m")
        }
        if !batch, iterations != nil || width != nil || height != nil || timing || keys != nil {
            throw ValidationError("--iterations, --width, --height, --keys and --timing need --batch")
        }
        if batchKeys == nil {
            throw ValidationError("--keys: \"\(keys ?? "")\" names a key ajtop does not know (Enter, Esc, Tab, Up, Down, PgUp, PgDn, Space or one character)")
        }
        // An empty command (`sh -c ''` exits 0) would complete, and so drain, every task it is handed.
        for value in handler where !value.contains("=") || value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[1].allSatisfy(\.isWhitespace) {
            throw ValidationError("--handler: \"\(value)\" is not TYPE=COMMAND (TYPE may be empty: =COMMAND handles every type)")
        }
        if queue != nil && handler.isEmpty { throw ValidationError("--queue names the queue of the --handler pool; add --handler TYPE=COMMAND") }
        if workers != nil && handler.isEmpty { throw ValidationError("--workers needs at least one --handler TYPE=COMMAND") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
        if demo && !handler.isEmpty { throw ValidationError("--demo runs its own handlers; leave out --handler") }
        if runsWorkers && readOnly { throw ValidationError("--read-only cannot run workers (--demo, --handler)") }
        if scheduler, !runsWorkers { throw ValidationError("--scheduler runs with the local pool; add --demo or --handler") }
        if let monitor {
            guard runsWorkers else { throw ValidationError("--monitor serves the local pool's metrics; add --demo or --handler") }
            do { _ = try BindAddress(parsing: monitor) } catch { throw ValidationError("--monitor: \(error)") }
        }
        if runsWorkers && batch { throw ValidationError("--batch only watches; it cannot run workers (--demo, --handler)") }
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1, got \(iterations)") }
        // Every frame is a buffer of width x height cells: 5000 x 5000 ran past 30 seconds a frame.
        if let width, width < 20 || width > Self.largestFrame.width {
            throw ValidationError("--width must be between 20 and \(Self.largestFrame.width), got \(width)")
        }
        if let height, height < 5 || height > Self.largestFrame.height {
            throw ValidationError("--height must be between 5 and \(Self.largestFrame.height), got \(height)")
        }
    }
}
