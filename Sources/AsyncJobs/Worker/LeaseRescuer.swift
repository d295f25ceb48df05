import Logging

/// River's rescuer: every few seconds, ends the leases whose workers stopped renewing them, in every queue,
/// without claiming anything.
///
/// Claims rescue their own queue's leases, but a queue no live worker serves is never claimed from; without
/// a rescuer an operator's terminate of a dead worker's task there would never finish. Every process that
/// opens a store to work or to watch runs one (each ``WorkerPool``, and so `ajc task process`; ajtop). It
/// costs one read per round while nothing ran out.
public struct LeaseRescuer: Sendable {
    /// How often a rescuer looks: short against the lease window, so a terminated task of a dead worker
    /// ends within the window and a few seconds.
    public static let defaultInterval: Duration = .seconds(2)

    /// The store it rescues in.
    public let store: any WorkerStore
    /// Pause between rounds.
    public let interval: Duration
    let clock: any JobClock
    let logger: Logger

    /// Creates a rescuer; nothing happens until ``run()``.
    public init(store: any WorkerStore, interval: Duration = LeaseRescuer.defaultInterval,
                clock: any JobClock = SystemClock(), logger: Logger = Logger(label: "asyncjobs.rescuer")) {
        self.store = store
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    /// Rescues every `interval` until the calling task is cancelled. Store failures (a lock held past the
    /// busy timeout, a full disk) are left for the next round.
    public func run() async {
        while !Task.isCancelled {
            do { try await clock.sleep(until: clock.now() + interval) } catch { return }
            do {
                let rescued = try await store.rescueExpiredLeases()
                if rescued > 0 { logger.info("rescued \(rescued) expired leases of workers that are gone") }
            } catch {
                logger.debug("rescuing expired leases failed: \(error)")
            }
        }
    }
}
