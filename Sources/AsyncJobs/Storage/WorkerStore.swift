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
    /// `DEFAULT` queue is created on first use), each of its dependencies an existing task or one earlier
    /// in the batch (`taskNotFound` naming it). Tasks become runnable at once, except those with
    /// dependencies, which start as ``DependencyRules/initialState(of:)`` says and follow its rules from
    /// then on. MaxEntries is enforced: `queueFull`, or with DiscardOld the oldest waiting tasks expire to
    /// make room.
    func enqueue(_ tasks: [JobTask]) async throws

    /// Leases up to `upTo` ready tasks of `queue` to `worker`, oldest first, within one atomic step that:
    /// first rescues this queue's expired leases (attempt `interrupted`; the task runnable at once, in the
    /// place it had in the queue, or
    /// `expired` when out of tries, or `terminated` if an operator asked); expires tasks past their
    /// deadline or MaxAge instead of leasing them; then leases at most `max_concurrent - active` (zero when
    /// paused), so MaxConcurrent holds across every process sharing the store. Each lease lasts
    /// ``Claim/leaseDuration(window:queue:)`` unless renewed (``renewLeases(_:window:)``).
    func claim(queue: String, upTo: Int, worker: String, leaseWindow: Duration) async throws -> [Claim]
    /// Ends the claim's attempt with `resolution`, fenced on the lease (see ``ResolutionReceipt``). When the
    /// state the task ends in (an operator's terminate included) is in `discarding`, the task is deleted
    /// with its history in the same step, after its state-change event is recorded.
    @discardableResult
    func resolve(_ claim: Claim, _ resolution: Resolution, discarding: DiscardStates) async throws -> ResolutionReceipt
    /// Ends several claims' attempts at once, each exactly as ``resolve(_:_:discarding:)`` would; receipts in order.
    /// Stores that can write them in one step should (the default resolves one by one).
    func resolve(_ batch: [ClaimResolution]) async throws -> [ResolutionReceipt]
    /// Ids of tasks leased by `worker` that an operator asked to terminate.
    func terminateRequests(worker: String) async throws -> [String]
    /// The earliest time something in `queue` may become claimable (a retry coming due, a lease running
    /// out), or nil when nothing is pending.
    func nextWakeup(queue: String) async throws -> Timestamp?

    // MARK: Heartbeat leases

    /// Renews the leases of `claims` in one step (one transaction in SQLite), each to
    /// ``Claim/renewedExpiry(at:window:)``; per claim, in order, the new expiry, or nil when the lease is
    /// no longer the claim's (rescued, terminated, deleted). A lease past its expiry that nobody rescued
    /// yet is still the claim's: nobody else can have run the task.
    func renewLeases(_ claims: [Claim], window: Duration) async throws -> [Timestamp?]
    /// Rescues every queue's expired leases exactly as a claim rescues its own queue's, without claiming
    /// anything: what lets an operator's terminate of a dead worker's task finish when no worker serves
    /// its queue. Returns how many leases it released; cheap (a read) when none ran out.
    @discardableResult
    func rescueExpiredLeases() async throws -> Int

    // MARK: Maintenance

    /// The maintenance pass: deletes, with their history, up to `limit` tasks in a final state whose
    /// queue's ``Queue/retention`` has passed since their creation and their last attempt; returns how
    /// many. Stores that age out other records (the SQLite store's event log) do that here too.
    @discardableResult
    func pruneFinished(limit: Int) async throws -> Int
}

extension WorkerStore {
    /// Claims with the default lease window (``Claim/defaultLeaseWindow``).
    public func claim(queue: String, upTo: Int, worker: String) async throws -> [Claim] {
        try await claim(queue: queue, upTo: upTo, worker: worker, leaseWindow: Claim.defaultLeaseWindow)
    }

    /// Ends the claim's attempt with `resolution`, keeping the task whatever state it ends in.
    @discardableResult
    public func resolve(_ claim: Claim, _ resolution: Resolution) async throws -> ResolutionReceipt {
        try await resolve(claim, resolution, discarding: .none)
    }
}
