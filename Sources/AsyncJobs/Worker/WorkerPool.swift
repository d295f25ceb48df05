import Foundation
import Logging

/// Runs a queue's tasks through a router's handlers, at most `concurrency` at a time in this process.
///
/// The pool is River's roles in one type: a producer that never claims more than its free slots (the store
/// enforces the queue's global MaxConcurrent), an executor per attempt that cancels the handler at
/// MaxRunTime, on an operator's terminate or when its lease was lost, a completer that writes resolutions in
/// batches (each fenced on its lease), a watcher that polls for terminate requests, a renewer that keeps
/// every running attempt's short lease alive in one store write per round, and a rescuer for other workers'
/// abandoned leases (claims rescue their own queue's too). `run()` returns after `stop()` once running
/// handlers have finished.
public final class WorkerPool: Sendable {
    /// How often the pool asks the store whether an operator wants one of its tasks terminated.
    public static let terminatePollInterval: Duration = .milliseconds(500)
    /// The longest an idle producer waits before looking again, so that changes a store's change token
    /// might not show (a lowered MaxConcurrent raised again, say) still apply within a second.
    public static let idleWaitLimit: Duration = .seconds(1)
    /// The shortest lease window a pool accepts: renewing more often than every 100 ms would be most of
    /// what the store does.
    public static let shortestLeaseWindow: Duration = .milliseconds(300)

    /// The store the pool claims from.
    public let store: any WorkerStore
    /// The queue it serves.
    public let queue: String
    /// The lease owner name it claims under; unique per pool.
    public let workerName: String
    /// How long its leases last without renewal (see ``Claim/leaseDuration(window:queue:)``): how soon
    /// another process may rescue its tasks if it dies.
    public let leaseWindow: Duration
    let router: Router
    /// Checks each task's signature before its handler runs; nil runs every task.
    let verifier: TaskVerifier?
    /// The scheduler that runs while the pool runs, if it was given one.
    public let scheduler: Scheduler?
    /// Delays between failed attempts (a dashboard running the pool projects its tasks' retries with it).
    public let retryPolicy: any RetryPolicy
    let clock: any JobClock
    let logger: Logger
    let metrics: JobMetrics

    struct Execution {
        let claim: Claim
        let heartbeat: LeaseHeartbeat
        var slot: PoolSnapshot.Slot
        let event: FirstEvent<AttemptEvent>
        /// Settled when the handler really returned (true) or the pool gave up waiting for it (false).
        let released: FirstEvent<Bool>
        let handlerTask: Task<Void, Never>
    }

    struct State {
        var concurrency: Int
        var phase: PoolSnapshot.Phase = .stopped
        var stopRequested = false
        var executions: [String: Execution] = [:]
        var finished: [Attempt.Outcome: Int] = [:]
        var random: any RandomNumberGenerator & Sendable
    }

    /// Observed, so callers can wait for the pool's own changes (``waitForSnapshot(where:)``).
    let state: ObservedMutex<State>
    let wake = WakeSignal()
    let completer: Completer

    /// Creates a pool; nothing runs until ``run()``.
    ///
    /// - Parameters:
    ///   - concurrency: most handlers this process runs at once for this queue.
    ///   - retryPolicy: delays between failed attempts.
    ///   - leaseWindow: how long a lease lasts unless renewed; the pool renews every third of it. Shorter
    ///     brings a dead worker's tasks back sooner and costs more renewal writes. At least 300 ms.
    ///   - random: jitter source for the retry policy (inject a seeded one for exact tests).
    ///   - verifier: when set, a task whose signature does not verify (or an unsigned one, unless
    ///     signatures are optional) is not run: it ends `terminated` with the reason as its `last_err`.
    ///   - scheduler: a scheduler to run while the pool runs (it campaigns with every other scheduler of the
    ///     store and, when elected, makes the schedules' tasks); nil for none.
    ///   - metrics: where the pool's metrics go (by default the bootstrapped swift-metrics backend).
    ///   - discarding: final states in which the pool's tasks are deleted instead of kept (asyncjobs'
    ///     `DiscardTaskStates`); tasks that expire or end without an attempt of this pool finishing them
    ///     (a deadline passed while waiting, a rescued lease) are left to the queue's retention.
    public init(store: any WorkerStore, queue: String, router: Router, concurrency: Int = 10,
                retryPolicy: any RetryPolicy = IntervalRetryPolicy.default, discarding: DiscardStates = .none,
                verifier: TaskVerifier? = nil, scheduler: Scheduler? = nil, clock: any JobClock = SystemClock(),
                workerName: String = WorkerPool.defaultWorkerName(), leaseWindow: Duration = Claim.defaultLeaseWindow,
                logger: Logger = Logger(label: "asyncjobs"),
                random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
                metrics: JobMetrics = JobMetrics()) {
        self.store = store
        self.leaseWindow = max(leaseWindow, Self.shortestLeaseWindow)
        self.queue = queue
        self.router = router
        self.verifier = verifier
        self.scheduler = scheduler
        self.retryPolicy = retryPolicy
        self.clock = clock
        self.metrics = metrics
        self.workerName = workerName
        var logger = logger
        logger[metadataKey: "worker"] = "\(workerName)"
        logger[metadataKey: "queue"] = "\(queue)"
        self.logger = logger
        self.state = ObservedMutex(State(concurrency: max(1, concurrency), random: random))
        self.completer = Completer(store: store, clock: clock, discarding: discarding, logger: self.logger)
    }

    /// A worker name unique to this process and pool: `host:pid:random`.
    public static func defaultWorkerName() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        return "\(host):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
    }

    /// What the pool is doing now.
    public var snapshot: PoolSnapshot {
        state.read { state in Self.snapshot(of: state, worker: workerName, queue: queue) }
    }

    /// Returns once the pool's snapshot satisfies `condition`, looking again at every change of the pool's
    /// state (a claim, a finished attempt, a freed slot, a phase): how a caller waits on the pool's own
    /// events rather than polling it. Throws `CancellationError` when the calling task is cancelled first.
    public func waitForSnapshot(where condition: (PoolSnapshot) -> Bool) async throws {
        try await state.wait { state in condition(Self.snapshot(of: state, worker: workerName, queue: queue)) }
    }

    private static func snapshot(of state: borrowing State, worker workerName: String, queue: String) -> PoolSnapshot {
        PoolSnapshot(worker: workerName, queue: queue, concurrency: state.concurrency, phase: state.phase,
                     slots: state.executions.values.map(\.slot).sorted { ($0.started, $0.taskID) < ($1.started, $1.taskID) },
                     finished: state.finished)
    }

    /// Changes how many handlers may run at once; applies to the next claim.
    public func setConcurrency(_ concurrency: Int) {
        state.withLock { $0.concurrency = max(1, concurrency) }
        wake.signal()
    }

    /// Stops claiming new work; ``run()`` returns once running handlers have finished.
    public func stop() {
        state.withLock { state in
            state.stopRequested = true
            if state.phase == .running { state.phase = .draining }
        }
        wake.signal()
    }

    /// Claims and runs work until ``stop()``, then waits for running handlers; throws
    /// ``JobError/damagedStore(_:)`` or ``JobError/storeReplaced(_:)``, once running handlers have finished,
    /// when the store is damaged or its file replaced.
    /// Cancelling the calling task stops at once: running attempts are resolved as interrupted by shutdown
    /// (runnable again at once) and their handlers cancelled.
    public func run() async throws {
        try state.withLock { (state: inout State) throws(JobError) in
            guard state.phase == .stopped else { throw .invalidSetting("worker pool \(workerName) is already running") }
            state.phase = .running
            state.stopRequested = false
        }
        logger.info("worker pool started")
        defer {
            state.withLock { $0.phase = .stopped }
            logger.info("worker pool stopped")
        }
        try await withTaskCancellationHandler {
            let watcher = Task { await self.watchTerminateRequests() }
            let renewer = Task { await self.renewLeases() }
            let rescuer = Task { await LeaseRescuer(store: self.store, clock: self.clock, logger: self.logger).run() }
            let scheduling = scheduler.map { scheduler in Task { await scheduler.run() } }
            defer {
                watcher.cancel()
                renewer.cancel()
                rescuer.cancel()
                scheduling?.cancel()
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                try await produce(into: &group)
                try await group.waitForAll()
            }
        } onCancel: {
            self.stop()
            self.abandonRunning()
        }
    }

    /// The producer: claims as many tasks as there are free slots, then waits for a store change, a freed
    /// slot or the next due time.
    private func produce(into group: inout ThrowingTaskGroup<Void, any Error>) async throws {
        while true {
            let (stopping, free) = state.withLock { ($0.stopRequested, $0.concurrency - $0.executions.count) }
            if stopping || Task.isCancelled { return }
            if free <= 0 {
                await wake.wait()
                continue
            }
            let token: ChangeToken
            let claims: [Claim]
            do {
                token = try await store.changeToken()
                metrics.polled(queue: queue)
                claims = try await store.claim(queue: queue, upTo: free, worker: workerName, leaseWindow: leaseWindow)
            } catch let error as JobError {
                metrics.pollFailed(queue: queue)
                // A damaged or replaced store stays so: stop (running handlers finish) rather than retry forever.
                if error.stopsWorkers {
                    logger.critical("claim failed, stopping: \(error)")
                    throw error
                }
                logger.error("claim failed: \(error)")
                await idle(since: nil, until: clock.now() + Self.idleWaitLimit)
                continue
            } catch {
                metrics.pollFailed(queue: queue)
                logger.error("claim failed: \(error)")
                await idle(since: nil, until: clock.now() + Self.idleWaitLimit)
                continue
            }
            for claim in claims {
                let execution = start(claim)
                group.addTask { await self.complete(claim, execution) }
            }
            if claims.count == free { continue }
            let next = try? await store.nextWakeup(queue: queue)
            let limit = clock.now() + Self.idleWaitLimit
            await idle(since: token, until: min(next ?? limit, limit))
        }
    }

    /// Waits for whichever comes first: the store changing after `token`, a local wake-up, or `until`.
    private func idle(since token: ChangeToken?, until deadline: Timestamp) async {
        let store = self.store
        let clock = self.clock
        let wake = self.wake
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                if let token { _ = try? await store.awaitChange(since: token, deadline: deadline) }
                else { try? await clock.sleep(until: deadline) }
            }
            group.addTask { await wake.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Starts the handler for `claim` in a slot of its own.
    private func start(_ claim: Claim) -> Execution {
        var taskLogger = logger
        taskLogger[metadataKey: "task"] = "\(claim.task.id)"
        taskLogger[metadataKey: "type"] = "\(claim.task.type)"
        let heartbeat = LeaseHeartbeat(window: leaseWindow)
        let context = HandlerContext(deadline: claim.deadline, attempt: claim.task.tries, worker: workerName,
                                     logger: taskLogger, heartbeat: heartbeat)
        let handler = router.handler(for: claim.task.type)
        let event = FirstEvent<AttemptEvent>()
        let released = FirstEvent<Bool>()
        let refusal: String?
        do { try verifier?.verify(claim.task); refusal = nil } catch { refusal = error.description }
        let handlerTask = Task {
            if let refusal {
                event.settle(.refused(refusal))
                released.settle(true)
                return
            }
            let result: Result<JSONValue, any Error>
            if let handler {
                do { result = .success(try await handler(claim.task, context)) } catch { result = .failure(error) }
            } else {
                result = .failure(NoHandlerError(type: claim.task.type))
            }
            event.settle(.finished(result))
            released.settle(true)
        }
        let slot = PoolSnapshot.Slot(taskID: claim.task.id, type: claim.task.type, attempt: claim.attempt,
                                     started: claim.started, deadline: claim.deadline, cancelling: false)
        let execution = Execution(claim: claim, heartbeat: heartbeat, slot: slot, event: event, released: released,
                                  handlerTask: handlerTask)
        state.withLock { $0.executions[claim.task.id] = execution }
        metrics.started(claim)
        return execution
    }

    /// The executor's second half: waits for the attempt's first event, resolves it in the store, and frees
    /// the slot once the handler has really returned.
    private func complete(_ claim: Claim, _ execution: Execution) async {
        let clock = self.clock
        let timer = Task {
            do {
                try await clock.sleep(until: claim.deadline)
                execution.event.settle(.deadlinePassed)
            } catch {}
        }
        let event = await execution.event.value()
        timer.cancel()
        if case .finished = event {} else {
            execution.handlerTask.cancel()
            state.withLock { $0.executions[claim.task.id]?.slot.cancelling = true }
        }
        let now = clock.now()
        let resolution = state.withLock { state in
            ResolutionRules.resolution(for: event, claim: claim, now: now, retryPolicy: retryPolicy, random: &state.random)
        }
        let receipt = await completer.submit(claim, resolution)
        let outcome: Attempt.Outcome = switch receipt {
        case .terminatedByOperator: .terminated
        case .leaseLost: .interrupted
        default: resolution.outcome
        }
        state.withLock { $0.finished[outcome, default: 0] += 1 }
        metrics.finished(claim, ended: now, handlerFailed: event.isHandlerFailure, receipt: receipt)
        _ = await execution.released.value()
        state.withLock { _ = $0.executions.removeValue(forKey: claim.task.id) }
        metrics.released()
        wake.signal()
    }

    /// Polls for operator terminate requests while anything runs.
    private func watchTerminateRequests() async {
        while !Task.isCancelled {
            do { try await clock.sleep(until: clock.now() + Self.terminatePollInterval) } catch { return }
            guard state.withLock({ !$0.executions.isEmpty }) else { continue }
            guard let ids = try? await store.terminateRequests(worker: workerName), !ids.isEmpty else { continue }
            let events = state.withLock { state in ids.compactMap { state.executions[$0]?.event } }
            for event in events { event.settle(.terminateRequested) }
        }
    }

    /// Ends every running attempt now: resolved as shut down, handler cancelled, slot not waited for.
    private func abandonRunning() {
        let executions = state.withLock { Array($0.executions.values) }
        for execution in executions {
            execution.event.settle(.shutdown)
            execution.released.settle(false)
            execution.handlerTask.cancel()
        }
    }
}
