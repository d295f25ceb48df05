import AsyncJobs
import Foundation
import JetStream
import NATS
import Synchronization

/// A ``JobStore`` on NATS JetStream in asyncjobs' exact layout, so this engine's workers, Go asyncjobs
/// programs, `ajc` and `ajtop` share queues and tasks.
///
/// asyncjobs' records are written exactly as the Go library writes them: the task JSON in `CHORIA_AJ_TASKS`
/// (every write a compare-and-set on the subject's last sequence), work items in `CHORIA_AJ_Q_<queue>`
/// pulled through the durable `WORKERS` consumer (MaxAckPending = MaxConcurrent across every process), and
/// `task_state` lifecycle events. What the engine needs beyond them (attempt history, leases, terminate
/// requests, retry schedules, pause and retention, the numbered event history) lives in `AJTOP_…` streams a
/// Go program never reads. Reads are answered from an in-memory mirror fed by a watch of every stream.
/// `docs/jetstream-store.md` describes the layout and the guarantees.
///
/// Time (leases, retries, deadlines, MaxAge) comes from the injected ``JobClock``; the server's own AckWait
/// stays MaxRunTime as asyncjobs sets it.
public final class JetStreamStore: JobStore {
    /// The connection the store uses; the caller owns it (``close()`` leaves it open).
    public let client: NATSClient
    /// How the store creates what is missing.
    public let options: JetStreamStoreOptions
    /// The server's version, read at open (features such as consumer pause depend on it).
    public let serverVersion: ServerVersion
    /// Whether the store keeps following the server after its open.
    public let mode: JetStreamStoreMode

    let js: JetStreamContext
    /// Publishes work items in the order they are given with many acknowledgements outstanding: a queue hands
    /// out its items in stream order, so a batch's items must reach the stream in creation order.
    let itemPublisher: JetStreamPublisher
    /// Lifecycle events on their way to `AJTOP_EVENTS`: no write waits for its event's acknowledgement.
    let eventPipeline: EventPipeline
    let clock: any JobClock
    let mirror: Mutex<Mirror>
    /// This process's writes, one at a time (other processes are fenced by compare-and-set).
    let gate = SerialGate()
    /// Tasks whose enqueue has written their records but may not have published their items yet: a claim
    /// does not wait for those items.
    let itemsBeingPublished = Atomic<Int>(0)
    /// `awaitChange` callers, woken by every change this process makes or sees.
    let changeWaiters = CancellableWaiters<Void>()
    private let followers = Mutex<[Task<Void, Never>]>([])
    private let watchers = Mutex<[StreamWatcher]>([])
    /// The first read of the event history: at open for a live store, at the first call needing it for a
    /// snapshot.
    private let eventHistory = Mutex<Task<Void, any Error>?>(nil)
    /// When the queue list was last read from the server (Go programs create queues too).
    let queuesRefreshed = Mutex<Timestamp?>(nil)
    /// When the mirror was last compared with the tasks stream for deletes by other programs.
    let reconciled = Mutex<ContinuousClock.Instant?>(nil)
    /// Attempts whose end is on the run record but not yet on the task record, by ``EndedAttempt/key(_:)``.
    let endedAttempts = Mutex<[String: EndedAttempt]>([:])
    /// The per-minute history counted and not yet written to `AJTOP_STATS`.
    let stats = StatsRecorder()
    /// The last search of stored payloads (a store that holds none), kept up to date from where it ended.
    let payloadSearch = Mutex<PayloadSearch?>(nil)
    /// Pulls claims left waiting with the server for their queues' next items, and what those delivered.
    let standingPulls = QueueStandingPulls()

    private init(client: NATSClient, js: JetStreamContext, itemPublisher: JetStreamPublisher, events: EventPipeline,
                 clock: any JobClock, options: JetStreamStoreOptions, mode: JetStreamStoreMode) {
        self.client = client
        self.mode = mode
        self.mirror = Mutex(Mirror(holdsPayloads: mode.holdsPayloads))
        self.eventPipeline = events
        self.clock = clock
        self.options = options
        self.js = js
        self.itemPublisher = itemPublisher
        self.serverVersion = js.serverVersion
    }

    /// Opens the store over a connected `client`: binds asyncjobs' streams and buckets as they are (creating
    /// them with asyncjobs' configs when absent) and the store's own, then reads every record into memory and,
    /// unless it is a `.snapshot`, keeps following them.
    public static func open(client: NATSClient, clock: any JobClock = SystemClock(),
                            options: JetStreamStoreOptions = JetStreamStoreOptions(),
                            mode: JetStreamStoreMode = .live) async throws -> JetStreamStore {
        try options.validate()
        let js = JetStreamContext(client: client)
        let publisher: JetStreamPublisher
        let eventPublisher: JetStreamPublisher
        do {
            publisher = try await JetStreamPublisher(context: js, window: 512)
            eventPublisher = try await JetStreamPublisher(context: js, window: 1024)
        } catch {
            throw Self.storageError(error, "opening the JetStream store")
        }
        let store = JetStreamStore(client: client, js: js, itemPublisher: publisher, events: EventPipeline(publisher: eventPublisher),
                                   clock: clock, options: options, mode: mode)
        store.eventPipeline.start { [weak store] event in store?.changed { $0.apply(event: event) } }
        // A delivery is work a pool can claim now: it moves the change token, which is what idle pools wait on.
        store.standingPulls.start(delivered: { [weak store] in store?.changed { $0.version += 1 } },
                                  nak: { [weak store] messages in await store?.release(messages) })
        do {
            try await store.provision()
            try await store.follow()
            try await store.refreshQueues(force: true)
            store.stats.start { [weak store] in await store?.flushStats() }
        } catch {
            await store.close()
            throw Self.storageError(error, "opening the JetStream store")
        }
        return store
    }

    /// Stops following the server; the connection stays open.
    public func close() async {
        await standingPulls.close()
        stats.stop()
        await flushStats()
        await itemPublisher.close()
        await eventPipeline.close()
        for watcher in watchers.withLock({ $0 }) { await watcher.stop() }
        for follower in followers.withLock({ $0 }) { follower.cancel() }
        eventHistory.withLock { $0 }?.cancel()
    }

    // MARK: Provisioning

    /// Binds or creates every stream and bucket, as asyncjobs' `NewClient` does (and `AJTOP_…` ones).
    private func provision() async throws {
        try await ensureStream(StoreLayout.tasksStreamConfig(options))
        try await ensureStream(StoreLayout.recordStreamConfig(
            name: StoreLayout.runsStream, description: "ajtop: run records (leases, attempts, retry schedule) per task",
            subjects: [StoreLayout.runSubjectPrefix + "*"], options: options))
        try await ensureStream(StoreLayout.recordStreamConfig(
            name: StoreLayout.queuesStream, description: "ajtop: queue settings asyncjobs has no field for",
            subjects: [StoreLayout.queueSubjectPrefix + "*"], options: options))
        try await ensureStream(StoreLayout.eventsStreamConfig(options))
        try await ensureStream(StoreLayout.statsStreamConfig(options))
        for (bucket, description, ttl) in [
            (StoreLayout.configurationBucket, "Choria Async Jobs Configuration", Duration?.none),
            (StoreLayout.electionsBucket, "Choria Async Jobs Leader Elections", StoreLayout.electionBucketTTL),
            (StoreLayout.scheduleExtrasBucket, "ajtop: schedule settings asyncjobs has no field for, and last fires", nil),
        ] where try await js.streamInfoIfExists("KV_\(bucket)") == nil {
            _ = try await js.createKeyValue(KeyValueBucketConfig(
                bucket: bucket, description: description, ttl: ttl, storage: options.storage, replicas: options.replicas))
        }
    }

    /// Binds `config.name` unchanged when it exists, else creates it (a lost creation race binds too).
    func ensureStream(_ config: StreamConfig) async throws {
        if try await js.streamInfoIfExists(config.name) != nil { return }
        do {
            _ = try await js.createStream(config)
        } catch let error as JetStreamError where error.errCode == JetStreamErrorCode.streamNameInUse {
            return
        }
    }

    // MARK: Following the server

    /// Reads every stream into the mirror, returning once each has caught up, and (live) keeps applying what
    /// is written afterwards, by any process.
    private func follow() async throws {
        // A process that observes is mostly its mirror; a worker's keeps glibc's default (its throughput
        // was measured with it).
        if mode != .live { GlibcMalloc.keepLargeAllocationsMapped() }
        let stored = try await js.streamInfo(StoreLayout.tasksStream).state.messages
        changed { $0.reserve(tasks: Int(clamping: stored)) }
        let live = mode.follows
        // The watches catch up side by side: opening takes as long as the largest stream, not their sum.
        async let tasks: Void = follow(StoreLayout.tasksStream, filter: StoreLayout.taskSubjectPrefix + "*",
                                       start: .lastPerSubject, live: live) { store, message in store.applyTask(message) }
        async let runs: Void = !mode.readsRunRecords ? () : follow(
            StoreLayout.runsStream, filter: StoreLayout.runSubjectPrefix + "*", start: .lastPerSubject, live: live
        ) { store, message in store.applyRun(message) }
        async let queues: Void = follow(StoreLayout.queuesStream, filter: StoreLayout.queueSubjectPrefix + "*",
                                        start: .lastPerSubject, live: live) { store, message in store.applyQueue(message) }
        async let events: Void = live ? readEventHistory() : ()
        _ = try await (tasks, runs, queues, events)
        changed { $0.finishLoading() }
        GlibcMalloc.returnFreedMemory()
    }

    /// Reads the event history into the mirror once (a live store keeps following it from there); every
    /// call after the first waits for that read. A snapshot's event readers call it, so the events they
    /// return are the stream's, as a live store's are.
    func readEventHistory() async throws {
        let read = eventHistory.withLock { read -> Task<Void, any Error> in
            if let read { return read }
            let started = Task { [weak self] () async throws -> Void in
                guard let self else { return }
                try await self.followEvents()
            }
            read = started
            return started
        }
        do {
            try await read.value
        } catch {
            throw Self.storageError(error, "reading the event history")
        }
    }

    /// The last hour of events, at most the newest `eventsReadAtOpen` (what the dashboard's timelines show):
    /// older ones are read from the stream when a reader asks for them. The stream stamps server time, so
    /// the cut is the wall clock's.
    private func followEvents() async throws {
        let lastEvent = try await js.streamInfo(StoreLayout.eventsStream).state.lastSequence
        let start: StreamWatcher.Start = lastEvent > UInt64(Self.eventsReadAtOpen)
            ? .sequence(lastEvent - UInt64(Self.eventsReadAtOpen) + 1)
            : .time((Timestamp.now - Self.eventsKeptAtOpen).rfc3339)
        try await follow(StoreLayout.eventsStream, filter: nil, start: start, live: mode.follows) { store, message in
            store.applyEvent(message)
        }
    }

    /// How much event history a store reads into memory when it opens: the last hour, at most this many.
    static let eventsKeptAtOpen: Duration = .seconds(3600)
    static let eventsReadAtOpen = 20_000

    /// Watches `stream`, returning once what it holds is applied. Then, when `live`, keeps applying what is
    /// written, and when the watch ends (a server restart forgets its consumer, a long disconnect) watches
    /// again from the sequence after the last one it saw; otherwise stops the watch there.
    private func follow(_ stream: String, filter: String?, start: StreamWatcher.Start, live: Bool,
                        apply: @escaping @Sendable (JetStreamStore, WatchedMessage) -> Void) async throws {
        let (caughtUp, signal) = AsyncStream.makeStream(of: Result<Void, any Error>.self)
        let first = try StreamWatcher.start(context: js, stream: stream, filter: filter, start: start,
                                            idleHeartbeat: Self.watchHeartbeat)
        watchers.withLock { $0.append(first) }
        let js = self.js
        let follower = Task { [weak self] in
            var watcher = first
            var last: UInt64 = 0
            var initial = true
            while !Task.isCancelled {
                do {
                    // A batch at a time: one wake-up per socket read of the scan, not one per record.
                    for try await events in watcher.batches {
                        guard let self else { return }
                        for event in events {
                            switch event {
                            case .caughtUp:
                                if initial { signal.yield(.success(())) }
                                initial = false
                                if !live {
                                    await watcher.stop()
                                    return
                                }
                            case .message(let message):
                                last = max(last, message.sequence)
                                apply(self, message)
                            }
                        }
                    }
                } catch {
                    if initial { signal.yield(.failure(error)) }
                }
                if initial {
                    signal.yield(.failure(JobError.storage("the watch of \(stream) ended before it caught up")))
                    return
                }
                guard !Task.isCancelled, let self else { return }
                try? await Task.sleep(for: .milliseconds(250))
                guard let next = try? StreamWatcher.start(context: js, stream: stream, filter: filter,
                                                          start: last == 0 ? start : .sequence(last + 1),
                                                          idleHeartbeat: Self.watchHeartbeat)
                else { continue }
                self.watchers.withLock { $0.append(next) }
                watcher = next
            }
        }
        followers.withLock { $0.append(follower) }
        for await outcome in caughtUp {
            try outcome.get()
            return
        }
    }

    /// The watches' heartbeat: three missed ones end a watch, so a watch whose ephemeral consumer died with
    /// its server (a restart, the stream leader killed) is started again within about 3 s, and claims do
    /// not count other processes' finished leases as running for long.
    static let watchHeartbeat: Duration = .seconds(1)

    /// Decodes the records the watches deliver (one decoder for all: making one per message showed in
    /// profiles).
    static let recordDecoder = JSONDecoder()

    // The watches deliver this process's own writes back; the mirror has those already (at the sequence the
    // write's acknowledgement gave), so they are not decoded again.

    private func applyTask(_ message: WatchedMessage) {
        let id = String(message.subject.dropFirst(StoreLayout.taskSubjectPrefix.count))
        guard !read({ $0.knows(task: id, at: message.sequence) }),
              let task = try? JobTask(wireJSON: message.payload) else { return }
        changed { $0.apply(task: task, sequence: message.sequence) }
    }

    private func applyRun(_ message: WatchedMessage) {
        let id = String(message.subject.dropFirst(StoreLayout.runSubjectPrefix.count))
        guard !read({ $0.knows(runOf: id, at: message.sequence) }),
              let run = try? RunRecord(stored: message.payload) else { return }
        changed { $0.apply(run: run, of: id, sequence: message.sequence) }
    }

    private func applyQueue(_ message: WatchedMessage) {
        guard let queue = try? Self.recordDecoder.decode(Queue.self, from: Data(message.payload)) else { return }
        changed { $0.apply(queue: queue, sequence: message.sequence) }
    }

    private func applyEvent(_ message: WatchedMessage) {
        guard !read({ $0.knows(event: Int64(message.sequence)) }),
              let event = TaskStateEventCodec.event(from: message) else { return }
        changed { $0.apply(event: event) }
    }

    // MARK: Mirror access

    /// Changes the mirror and wakes `awaitChange` waiters when its version moved.
    @discardableResult
    func changed<T, E: Error>(_ body: (inout Mirror) throws(E) -> T) throws(E) -> T {
        let (result, moved) = try mirror.withLock { (mirror: inout Mirror) throws(E) -> (T, Bool) in
            let before = mirror.version
            let result = try body(&mirror)
            return (result, mirror.version != before)
        }
        if moved { changeWaiters.resume() }
        return result
    }

    func read<T, E: Error>(_ body: (Mirror) throws(E) -> T) throws(E) -> T {
        try mirror.withLock { (mirror: inout Mirror) throws(E) -> T in try body(mirror) }
    }

    /// Runs a write under the gate (or beside the gated writes, when `exclusive` is false: a write whose
    /// records no other write of this process can be touching), mapping backend failures to
    /// `JobError.storage` naming `doing`.
    func write<T>(_ doing: String, exclusive: Bool = true, _ body: () async throws -> T) async throws -> T {
        try requireRunRecords(doing)
        do {
            return exclusive ? try await gate.run(body) : try await body()
        } catch {
            throw Self.storageError(error, doing)
        }
    }

    /// Throws unless the store read the run records (a ``JetStreamStoreMode/taskListing`` store did not), which
    /// `doing` needs: without them every task would look as its state alone implies (no lease, no retry
    /// schedule), and a write would not know the records it replaces.
    func requireRunRecords(_ doing: String) throws(JobError) {
        guard mode.readsRunRecords else {
            throw .storage("\(doing): a store opened as .taskListing reads no run records; open it as .snapshot")
        }
    }

    /// `error` as a `JobError`: kept when it is one, else `.storage` saying what failed and why.
    static func storageError(_ error: any Error, _ doing: String) -> JobError {
        if let error = error as? JobError { return error }
        return .storage("\(doing): \(error)")
    }
}
