import Synchronization

/// Hands effects to the ``DataLoader`` on background tasks and collects the answers for the run loop.
///
/// At most one load runs at a time: requests arriving meanwhile collapse into one pending load (the
/// newest request, forced if any was), so a slow store never piles up reads.
public final class EffectDispatcher: Sendable {
    private struct State {
        var inbox: [Message] = []
        var loading = false
        var pending: (request: LoadRequest, force: Bool)?
        var running = 0
    }

    private let loader: DataLoader
    private let state = Mutex(State())

    /// Creates a dispatcher over `loader`.
    public init(loader: DataLoader) { self.loader = loader }

    /// Starts `effects` (quit is the run loop's business and ignored here).
    public func dispatch(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .load(let request, let force): startLoad(request, force: force)
            case .perform(let action):
                state.withLock { $0.running += 1 }
                Task {
                    let answer = await loader.perform(action)
                    state.withLock {
                        $0.inbox.append(answer)
                        $0.running -= 1
                    }
                }
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

    /// Whether nothing runs or waits (for tests that wait for quiet).
    public var isIdle: Bool { state.withLock { !$0.loading && $0.pending == nil && $0.running == 0 } }

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
            let answer = await loader.load(request, force: force)
            next = state.withLock { state in
                state.inbox.append(answer)
                let pending = state.pending
                state.pending = nil
                if pending == nil { state.loading = false }
                return pending
            }
        }
    }
}
