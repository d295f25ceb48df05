import AJTop
import AsyncJobs
import Foundation

/// The whole dashboard in one call, for `ajtop` itself and for any Swift program that runs worker pools:
/// a service's worker binary passes its store and its own pools and gets the full-screen dashboard, with
/// the Workers screen, `w` and local `+`/`-` driving those pools.
///
/// ```swift
/// var router = Router()
/// try router.register("email:") { task, context in try await sendEmail(task) }
/// let store = try SQLiteStore(path: "jobs.sqlite")
/// let pool = WorkerPool(store: store, queue: "emails", router: router, concurrency: 5)
/// try await Dashboard.run(store: store, pools: [pool])
/// ```
public enum Dashboard {
    /// How the dashboard runs.
    public struct Options: Sendable {
        /// How the header names the store (a path, a URL).
        public var storeLabel: String
        /// How often screens reload from the store.
        public var refresh: Duration
        /// Refuse every key that changes the store or the pools.
        public var readOnly: Bool
        /// Use attributes only, no colours (`NO_COLOR` is honoured by default).
        public var noColor: Bool

        /// Creates options; the defaults are ajtop's.
        public init(storeLabel: String = "embedded", refresh: Duration = .seconds(1), readOnly: Bool = false,
                    noColor: Bool = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty) {
            self.storeLabel = storeLabel
            self.refresh = refresh
            self.readOnly = readOnly
            self.noColor = noColor
        }
    }

    /// Takes over the terminal, starts `pools`, and shows the dashboard until the user quits or a SIGINT,
    /// SIGTERM or SIGHUP arrives; then gives the terminal back and ends the pools, handing any running
    /// attempt back to its queue as interrupted (runnable again at once), so nothing is lost.
    ///
    /// Installs handlers for SIGINT, SIGTERM and SIGHUP for the duration (so the terminal is always
    /// restored); the caller should exit afterwards when a signal ended the dashboard.
    ///
    /// - Returns: the signal that ended the dashboard, or nil when the user quit.
    /// - Throws: ``TerminalError`` when there is no terminal to take over.
    @discardableResult
    public static func run(store: any InspectorStore, pools: [WorkerPool] = [], options: Options = Options()) async throws
        -> Int32? {
        let controller = PoolController(pools: pools)
        let storeController = StoreController(store: store)
        let config = Model.Config(storeLabel: options.storeLabel, refresh: options.refresh, readOnly: options.readOnly,
                                  utcOffsetSeconds: TimeZone.current.secondsFromGMT(),
                                  retryPolicies: Dictionary(pools.map { ($0.queue, $0.retryPolicy) }) { first, _ in first })
        let initial = controller.snapshots
        let noColor = options.noColor
        setlocale(LC_ALL, "")
        // The run loop blocks on key reads, so it gets a thread of its own rather than one of the few
        // threads Swift concurrency shares with the pools' handlers and the store.
        let outcome: Result<Void, TerminalError> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                // On this thread: the handlers must be in place before ncurses starts, and the signals
                // unblocked on the thread that reads keys.
                SignalFlag.install()
                let backend: NcursesBackend
                switch Result(catching: { () throws(TerminalError) in try NcursesBackend(noColor: noColor) }) {
                case .success(let opened): backend = opened
                case .failure(let error):
                    continuation.resume(returning: .failure(error))
                    return
                }
                let model = Model(config: config, now: .now, size: backend.size, pools: initial)
                let runner = AppRunner(model: model, backend: backend,
                                       dispatcher: EffectDispatcher(store: storeController, pools: controller),
                                       stopRequested: { SignalFlag.received != 0 })
                runner.run()
                backend.close()
                continuation.resume(returning: .success(()))
            }
        }
        let running = controller.snapshots.reduce(0) { $0 + $1.slots.count }
        if running > 0 {
            // write(2), not FileHandle: after a SIGHUP the terminal may be gone, and a failed write must not
            // crash the process before the pools have handed their tasks back.
            let line = "ajtop: stopping the worker pool: \(running) running task(s) handed back to their queues\n"
            _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        }
        await controller.shutdown()
        try outcome.get()
        let signal = SignalFlag.received
        return signal == 0 ? nil : signal
    }
}
