/// Who holds a queue's MaxConcurrent slots, as the `WORKERS` consumer counts them: every delivered item not
/// yet acknowledged holds one (`num_ack_pending`), whether a handler runs it or a Go worker's delayed retry
/// (`-NAK {"delay"}`) parks it there (nats-server #6093). What `ajtop` shows attached to Go workers.
public struct QueueSlots: Sendable, Hashable {
    /// The queue's MaxConcurrent as the consumer enforces it (`max_ack_pending`).
    public var limit: Int
    /// Slots held: items delivered and not yet acknowledged, by anyone.
    public var held: Int
    /// Held by this engine's leases (handlers running in any process using this store).
    public var leased: Int
    /// Held by tasks a Go worker runs (`active` records without a lease of this engine).
    public var runningElsewhere: Int
    /// Work items not delivered yet (`num_pending`).
    public var waiting: Int

    /// Held by neither a running handler nor a lease: Go workers' retries waiting out a NAK delay.
    public var delayedRetries: Int { max(0, held - leased - runningElsewhere) }

    /// Creates the figures.
    public init(limit: Int, held: Int, leased: Int, runningElsewhere: Int, waiting: Int) {
        self.limit = limit
        self.held = held
        self.leased = leased
        self.runningElsewhere = runningElsewhere
        self.waiting = waiting
    }
}
