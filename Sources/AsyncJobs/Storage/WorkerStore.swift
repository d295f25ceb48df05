/// What a worker pool needs from storage: putting work in, leasing it, ending leases, and waking up.
///
/// Modelled on JetStream's primitives (a task record per id, a work item per waiting task, claimed with a
/// lease) so that SQLite emulates them and a JetStream store maps onto them one to one. The engine's worker
/// side (``WorkerPool`` and its completer) sees only this protocol. Every requirement and the checks that
/// cover it are listed in `docs/writing-a-store.md`.
///
/// Time comes from the store's injected ``JobClock``. Errors are ``JobError``s.
public protocol WorkerStore: ChangeTracking {
    /// Enqueues tasks, all or nothing: every task must be valid, its id unused, its queue existing (the
    /// `DEFAULT` queue is created on first use). Tasks become runnable at once. MaxEntries is enforced:
    /// `queueFull`, or with DiscardOld the oldest waiting tasks expire to make room.
    func enqueue(_ tasks: [JobTask]) async throws

    /// Leases up to `upTo` ready tasks of `queue` to `worker`, oldest first, within one atomic step that:
    /// first rescues this queue's expired leases (attempt `interrupted`; the task runnable at once, or
    /// `expired` when out of tries, or `terminated` if an operator asked); expires tasks past their
    /// deadline or MaxAge instead of leasing them; then leases at most `max_concurrent - active` (zero when
    /// paused), so MaxConcurrent holds across every process sharing the store.
    func claim(queue: String, upTo: Int, worker: String) async throws -> [Claim]
    /// Ends the claim's attempt with `resolution`, fenced on the lease (see ``ResolutionReceipt``). When the
    /// state the task ends in (an operator's terminate included) is in `discarding`, the task is deleted
    /// with its history in the same step, after its state-change event is recorded.
    @discardableResult
    func resolve(_ claim: Claim, _ resolution: Resolution, discarding: DiscardStates) async throws -> ResolutionReceipt
    /// Ends several claims' attempts at once, each exactly as ``resolve(_:_:discarding:)`` would; receipts in order.
    /// Stores that can write them in one step should (the default resolves one by one).
    func resolve(_ batch: [ClaimResolution]) async throws -> [ResolutionReceipt]
    /// Pushes the claim's lease out to `until`; false when the lease was lost. Kept although no engine
    /// code renews leases yet: heartbeat leases (renewing running attempts' leases) are built on it.
    func extend(_ claim: Claim, until: Timestamp) async throws -> Bool
    /// Ids of tasks leased by `worker` that an operator asked to terminate.
    func terminateRequests(worker: String) async throws -> [String]
    /// The earliest time something in `queue` may become claimable (a retry coming due, a lease running
    /// out), or nil when nothing is pending.
    func nextWakeup(queue: String) async throws -> Timestamp?
    /// The maintenance pass: deletes, with their history, up to `limit` tasks in a final state whose
    /// queue's ``Queue/retention`` has passed since their creation and their last attempt; returns how
    /// many. Stores that age out other records (the SQLite store's event log) do that here too.
    @discardableResult
    func pruneFinished(limit: Int) async throws -> Int
}

extension WorkerStore {
    /// Ends the claim's attempt with `resolution`, keeping the task whatever state it ends in.
    @discardableResult
    public func resolve(_ claim: Claim, _ resolution: Resolution) async throws -> ResolutionReceipt {
        try await resolve(claim, resolution, discarding: .none)
    }
}
