import Synchronization

/// Hands effects to the ``StoreController`` (store) and the ``PoolController`` (local worker pools) on background
/// tasks and collects the answers for the run loop.
///
/// At most one load runs at a time: requests arriving meanwhile collapse into one pending load (the
/// newest request, forced if any was), so a slow store never piles up reads.
public final class EffectDispatcher: Sendable {
    private struct State {
        var inbox: [Message] = []
        var loading = false
        var pending: (request: LoadRequest, force: Bool)?
        var running = 0
        var idleWaiters: [CheckedContinuation<Void, Never>] = []

        var isIdle: Bool { !loading && pending == nil && running == 0 }

        /// The waiters to wake if the dispatcher just became idle.
        mutating func wakeIfIdle() -> [CheckedContinuation<Void, Never>] {
            guard isIdle else { return [] }
            defer { idleWaiters = [] }
            return idleWaiters
        }
    }

    private let storeController: StoreController
    private let pools: PoolController?
    private let state = Mutex(State())

    /// Creates a dispatcher over the store's controller and, when this process runs worker pools, theirs.
    public init(store storeController: StoreController, pools: PoolController? = nil) {
        self.storeController = storeController
        self.pools = pools
    }

    /// Starts `effects` (quit is the run loop's business and ignored here).
    public func dispatch(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .load(let request, let force): startLoad(request, force: force)
            case .perform(let action):
                answer { [storeController] in await storeController.perform(action) }
            case .markAll(let filter):
                answer { [storeController] in await storeController.matching(filter) }
            case .bulk(let action, let ids):
                answer { [storeController] in
                    await storeController.bulk(action, taskIDs: ids) { message in self.post(message) }
                }
            case .followTermination(let id, let until):
                answer { [storeController] in await storeController.followTermination(taskID: id, until: until) }
            case .pool(let request):
                guard let pools else { continue }
                answer { await pools.execute(request) }
            case .quit: break
            }
        }
    }

    /// Takes the answers that arrived since the last call.
    public func drain() -> [Message] {
        state.withLock { state in
            defer { state.inbox.removeAll() }
            return state.inbox
        }
    }

    /// Whether nothing runs or waits.
    public var isIdle: Bool { state.withLock { $0.isIdle } }

    /// Returns once no effect runs or waits, so tests can step the run loop without sleeping.
    public func settle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                if state.isIdle { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Puts a message in the inbox ahead of its effect's answer (a bulk action's progress).
    private func post(_ message: Message) {
        state.withLock { $0.inbox.append(message) }
    }

    /// Runs `work` on a task of its own and puts its answer in the inbox.
    private func answer(_ work: @escaping @Sendable () async -> Message) {
        state.withLock { $0.running += 1 }
        Task {
            let answer = await work()
            let woken = state.withLock { state in
                state.inbox.append(answer)
                state.running -= 1
                return state.wakeIfIdle()
            }
            for waiter in woken { waiter.resume() }
        }
    }

    private func startLoad(_ request: LoadRequest, force: Bool) {
        let startNow = state.withLock { state -> Bool in
            if state.loading {
                state.pending = (request, force || (state.pending?.force ?? false))
                return false
            }
            state.loading = true
            return true
        }
        guard startNow else { return }
        Task { await runLoads(request, force: force) }
    }

    private func runLoads(_ first: LoadRequest, force: Bool) async {
        var next: (request: LoadRequest, force: Bool)? = (first, force)
        while let (request, force) = next {
            let answer = await storeController.load(request, force: force)
            let (pending, woken) = state.withLock { state in
                state.inbox.append(answer)
                let pending = state.pending
                state.pending = nil
                if pending == nil { state.loading = false }
                return (pending, state.wakeIfIdle())
            }
            for waiter in woken { waiter.resume() }
            next = pending
        }
    }
}
