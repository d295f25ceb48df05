/// A worker pool's state at one moment, for dashboards.
public struct PoolSnapshot: Sendable, Hashable {
    /// One running attempt in a handler slot.
    public struct Slot: Sendable, Hashable {
        /// The task.
        public var taskID: String
        /// Its type.
        public var type: String
        /// The attempt number.
        public var attempt: Int
        /// When the attempt started.
        public var started: Timestamp
        /// When it will be cancelled (start + MaxRunTime).
        public var deadline: Timestamp
        /// Resolved already (timed out, terminated, shut down) but its handler has not returned yet.
        public var cancelling: Bool

        /// Creates a slot (public so dashboards and their tests can build snapshots).
        public init(taskID: String, type: String, attempt: Int, started: Timestamp, deadline: Timestamp,
                    cancelling: Bool = false) {
            self.taskID = taskID
            self.type = type
            self.attempt = attempt
            self.started = started
            self.deadline = deadline
            self.cancelling = cancelling
        }
    }

    /// The lifecycle of a pool.
    public enum Phase: String, Sendable, Hashable {
        /// Not started, or finished.
        case stopped
        /// Claiming and running work.
        case running
        /// Claiming nothing new; waiting for running handlers.
        case draining
    }

    /// The pool's worker name (lease owner in the store).
    public var worker: String
    /// The queue it serves.
    public var queue: String
    /// Most handlers it runs at once.
    public var concurrency: Int
    /// Where it is in its lifecycle.
    public var phase: Phase
    /// Running attempts, oldest first.
    public var slots: [Slot]
    /// Attempts this pool has finished, by outcome.
    public var finished: [Attempt.Outcome: Int]

    /// Creates a snapshot (public so dashboards and their tests can build them).
    public init(worker: String, queue: String, concurrency: Int, phase: Phase, slots: [Slot],
                finished: [Attempt.Outcome: Int] = [:]) {
        self.worker = worker
        self.queue = queue
        self.concurrency = concurrency
        self.phase = phase
        self.slots = slots
        self.finished = finished
    }
}
