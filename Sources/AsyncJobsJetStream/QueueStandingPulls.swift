import AsyncJobs
import JetStream
import Synchronization

/// Each queue's standing pull from `WORKERS`, and what it delivered that no claim has taken yet.
///
/// A claim that leaves slots free leaves a pull for them waiting with the server, so an item stored
/// afterwards is delivered the moment the stream has it; the next claim takes it from here instead of
/// asking the server (a round trip, ~0.4 ms of the dispatch path). Only for queues whose MaxDeliver is
/// unlimited: a delivery nobody takes is NAKed back, and each counts as a delivery.
///
/// A pull lasts ``lifetime``; the store's close ends it early by draining its inbox (unsubscribed and read
/// until the server confirms), since a delivery dropped on its way would stay pending for the whole AckWait.
final class QueueStandingPulls: Sendable {
    /// How long a standing pull waits with the server: short, so that a pull the server lost (a consumer
    /// leader change) holds nothing up for long; an idle pool claims again within a second
    /// (``WorkerPool/idleWaitLimit``), leaving another.
    static let lifetime: Duration = .milliseconds(250)
    /// How long a delivery may wait here for a claim before it is NAKed back (a pool that stopped, a
    /// queue paused meanwhile, more deliveries than the pools have slots).
    static let unclaimedPatience: Duration = .milliseconds(250)

    private struct Delivery {
        var message: JetStreamMessage
        var arrived: ContinuousClock.Instant
    }

    private struct Queue {
        var pull: StandingPull?
        var left = ContinuousClock.now
        var delivered: [Delivery] = []
    }

    private struct State {
        var queues: [String: Queue] = [:]
        var sweeping = false
        var closed = false
    }

    private struct Handlers {
        /// Called on every delivery, to wake whoever claims from the queue.
        var delivered: @Sendable () -> Void
        /// Gives back deliveries no claim took.
        var nak: @Sendable ([JetStreamMessage]) async -> Void
    }

    private let state = Mutex(State())
    private let arrivals = CancellableWaiters<Void>()
    private let handlers = Mutex<Handlers?>(nil)

    /// Sets what a delivery wakes and how deliveries are given back; before the first ``leave``.
    func start(delivered: @escaping @Sendable () -> Void, nak: @escaping @Sendable ([JetStreamMessage]) async -> Void) {
        handlers.withLock { $0 = Handlers(delivered: delivered, nak: nak) }
    }

    private func giveBack(_ messages: [JetStreamMessage]) async {
        guard !messages.isEmpty, let nak = handlers.withLock({ $0?.nak }) else { return }
        await nak(messages)
    }

    /// How many deliveries `queue` has waiting here plus how many its pull may still bring.
    func expected(_ queue: String) -> Int {
        state.withLock { state in
            guard let entry = state.queues[queue] else { return 0 }
            return entry.delivered.count + (entry.pull?.outstanding ?? 0)
        }
    }

    /// Whether `queue` has a pull waiting with the server: one left less than ``lifetime`` ago that has not
    /// ended. Past its lifetime it is not counted on, though its end may not have been heard yet (a server
    /// that lost it in a leader change never sends one): claims then pull again rather than wait for it.
    func isStanding(_ queue: String) -> Bool {
        state.withLock { state in
            guard let entry = state.queues[queue], let pull = entry.pull else { return false }
            return !pull.hasEnded && ContinuousClock.now - entry.left < Self.lifetime
        }
    }

    /// Takes up to `count` of `queue`'s deliveries, oldest first.
    func take(_ queue: String, upTo count: Int) -> [JetStreamMessage] {
        guard count > 0 else { return [] }
        return state.withLock { state in
            guard var entry = state.queues[queue], !entry.delivered.isEmpty else { return [] }
            let taken = entry.delivered.prefix(count).map(\.message)
            entry.delivered.removeFirst(taken.count)
            state.queues[queue] = entry
            return taken
        }
    }

    /// Waits up to `patience` for `queue` to hold `count` deliveries, or for its pull to end.
    func awaitDeliveries(_ queue: String, count: Int, patience: Duration) async {
        let satisfied: @Sendable () -> Bool = { [self] in
            state.withLock { state in
                guard let entry = state.queues[queue] else { return true }
                return entry.delivered.count >= count || entry.pull.map(\.hasEnded) ?? true
            }
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: patience) }
            group.addTask { [arrivals] in try? await arrivals.wait(unless: satisfied) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Leaves a pull of `batch` for `queue` unless one is waiting already or the store is closing.
    func leave(_ queue: String, batch: Int, on js: JetStreamContext, stream: String, consumer: String) async throws {
        // Claims leave pulls one at a time (under the store's write gate), so nothing can come between this
        // look and the pull's registration below.
        let open = state.withLock { state in !state.closed && !(state.queues[queue]?.pull.map { !$0.hasEnded } ?? false) }
        guard open else { return }
        let left = ContinuousClock.now
        let pull = try await js.standingPull(
            stream: stream, consumer: consumer, batch: batch, expires: Self.lifetime,
            deliver: { [weak self] message in self?.arrived(message, queue: queue) },
            ended: { [weak self] in self?.arrivals.resume() })
        state.withLock { state in
            state.queues[queue, default: Queue()].pull = pull
            state.queues[queue]?.left = left
        }
    }

    /// Ends the store's use of its pulls: ends each at the server (draining its inbox, so nothing it sent is
    /// dropped) and gives back every delivery no claim took.
    func close() async {
        let pulls = state.withLock { state -> [StandingPull] in
            state.closed = true
            return state.queues.values.compactMap(\.pull)
        }
        for pull in pulls { await pull.end() }
        let left = state.withLock { state -> [JetStreamMessage] in
            let left = state.queues.values.flatMap { $0.delivered.map(\.message) }
            state.queues = [:]
            return left
        }
        await giveBack(left)
    }

    private func arrived(_ message: JetStreamMessage, queue: String) {
        let sweep = state.withLock { state -> Bool in
            state.queues[queue, default: Queue()].delivered.append(Delivery(message: message, arrived: .now))
            defer { state.sweeping = true }
            return !state.sweeping
        }
        arrivals.resume()
        handlers.withLock { $0?.delivered }?()
        if sweep { Task { await self.sweep() } }
    }

    /// Gives back, every ``unclaimedPatience``, the deliveries that waited that long, while any wait.
    private func sweep() async {
        while true {
            try? await Task.sleep(for: Self.unclaimedPatience)
            let (stale, more) = state.withLock { state -> ([JetStreamMessage], Bool) in
                let cut = ContinuousClock.now - Self.unclaimedPatience
                var stale: [JetStreamMessage] = []
                var waiting = false
                for (queue, var entry) in state.queues {
                    let old = entry.delivered.prefix { $0.arrived <= cut }
                    stale += old.map(\.message)
                    entry.delivered.removeFirst(old.count)
                    waiting = waiting || !entry.delivered.isEmpty
                    state.queues[queue] = entry
                }
                // The next delivery starts another sweep once this one has stopped.
                if !waiting { state.sweeping = false }
                return (stale, waiting)
            }
            await giveBack(stale)
            if !more { return }
        }
    }
}
