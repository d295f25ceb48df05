/// A running attempt's lease as a reader sees it: who holds it, since when, and until when.
///
/// A worker renews its leases while it lives; a lease past ``expires`` means its worker stopped renewing
/// (killed, crashed, frozen) and any process using the store may rescue the task.
public struct Lease: Sendable, Hashable {
    /// The task it leases.
    public var taskID: String
    /// The worker holding it.
    public var worker: String
    /// The attempt's 1-based position in the task's history.
    public var attempt: Int
    /// When the attempt started.
    public var started: Timestamp
    /// When the lease runs out unless renewed.
    public var expires: Timestamp
    /// Whether an operator asked to terminate the task.
    public var terminateRequested: Bool

    /// Creates a lease description.
    public init(taskID: String, worker: String, attempt: Int, started: Timestamp, expires: Timestamp,
                terminateRequested: Bool) {
        self.taskID = taskID
        self.worker = worker
        self.attempt = attempt
        self.started = started
        self.expires = expires
        self.terminateRequested = terminateRequested
    }

    /// Whether the lease ran out by `now`: its worker has not renewed it and is presumed gone.
    public func hasExpired(at now: Timestamp) -> Bool { expires <= now }

    /// One line for people: "held by W, renewed until in 12 s" or "lease expired 23 s ago: its worker is
    /// gone".
    public func describe(at now: Timestamp) -> String {
        if hasExpired(at: now) {
            return "lease expired \(Self.seconds(now - expires)) ago: its worker is gone"
        }
        return "leased by \(worker), runs out in \(Self.seconds(expires - now)) unless renewed"
    }

    /// A duration in whole seconds ("23 s"), rounded down, at least "0 s".
    public static func seconds(_ duration: Duration) -> String {
        "\(max(0, duration.components.seconds)) s"
    }
}
