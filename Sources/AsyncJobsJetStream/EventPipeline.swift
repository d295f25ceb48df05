import AsyncJobs
import JetStream
import NATS
import Synchronization

/// The store's lifecycle events in flight: each is published without waiting for the stream's
/// acknowledgement (no write's result waits for its event, which would add a round trip to every enqueue,
/// claim and resolution), then applied to the mirror with the sequence its acknowledgement gives, in the
/// order they were published. ``settled()`` waits for the events published before it, so a process's event
/// reads always show its own events.
///
/// An event whose publish fails is lost, as asyncjobs' own (core-published) events can be: the task and run
/// records, written before it, are what the store's guarantees rest on.
final class EventPipeline: Sendable {
    /// One event on its way: the acknowledgement to wait for and the event to apply (its sequence comes
    /// from the acknowledgement).
    private struct InFlight: Sendable {
        let ticket: UInt64
        let ack: PendingPubAck
        let event: TaskEvent
    }

    private struct State {
        var issued: UInt64 = 0
        var settled: UInt64 = 0
        var waiters: [(ticket: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let publisher: JetStreamPublisher
    private let inFlight: AsyncStream<InFlight>.Continuation
    private let arrivals: AsyncStream<InFlight>
    private let state = Mutex(State())
    private let drainer = Mutex<Task<Void, Never>?>(nil)

    /// A pipeline publishing through `publisher` (whose window bounds the events in flight).
    init(publisher: JetStreamPublisher) {
        self.publisher = publisher
        (arrivals, inFlight) = AsyncStream.makeStream(of: InFlight.self)
    }

    /// Starts applying acknowledged events with `apply`, in publish order, until ``close()``.
    func start(apply: @escaping @Sendable (TaskEvent) -> Void) {
        let arrivals = self.arrivals
        let task = Task { [weak self] in
            for await entry in arrivals {
                if let ack = try? await entry.ack.value() {
                    var event = entry.event
                    event.sequence = Int64(ack.sequence)
                    apply(event)
                }
                self?.settle(through: entry.ticket)
            }
        }
        drainer.withLock { $0 = task }
    }

    /// Publishes `body` on `subject` and returns once it is sent; `event` (its sequence aside) is applied
    /// when the stream acknowledges it. Throws only when the event could not be sent at all.
    func publish(_ subject: String, body: [UInt8], headers: NATSHeaders, event: TaskEvent) async throws {
        let ack = try await publisher.publish(subject, payload: body, headers: headers)
        // The ticket is taken and the event queued under one lock, so the drainer meets tickets in order.
        state.withLock { state in
            state.issued += 1
            inFlight.yield(InFlight(ticket: state.issued, ack: ack, event: event))
        }
    }

    /// Returns once every event published before this call is applied (or failed).
    func settled() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.settled >= state.issued { return true }
                state.waiters.append((state.issued, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Fails what is still in flight and stops applying; waiters are released.
    func close() async {
        await publisher.close()
        inFlight.finish()
        await drainer.withLock { $0 }?.value
        let waiters = state.withLock { state in
            state.settled = state.issued
            defer { state.waiters = [] }
            return state.waiters.map(\.continuation)
        }
        for waiter in waiters { waiter.resume() }
    }

    private func settle(through ticket: UInt64) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.settled = ticket
            let ready = state.waiters.filter { $0.ticket <= ticket }.map(\.continuation)
            state.waiters.removeAll { $0.ticket <= ticket }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }
}
