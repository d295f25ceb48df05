/// How far a ``JetStreamStore`` follows the server after it opens, and whether it holds task payloads.
public enum JetStreamStoreMode: Sendable, Hashable {
    /// Keeps following every stream, so reads show other processes' writes within milliseconds; the last
    /// hour of events is read at open; every task's payload is held. For workers and `ajc task watch`.
    case live
    /// Follows every stream as ``live`` does but holds no task payloads: a dashboard that runs no workers
    /// (ajtop watching a deployment). ``JetStreamStore/task(id:)`` reads the task's payload from the server,
    /// listings carry none, a search reads the stored payloads it needs, and every write reads the whole
    /// record first, so nothing it writes loses a payload.
    case observing
    /// Reads the tasks, run records and queues once at open and then stops following; the event history
    /// is read only when a call first needs it; payloads as in ``observing``. For one-shot commands (`ajc
    /// queue ls`, `ajc task ls`), which answer from what was stored when they started and would only pay for
    /// events, watches and payloads they never use.
    case snapshot
    /// A ``snapshot`` without the run records: only the tasks and queues are read at open. For `ajc task ls`,
    /// whose listing and counts come from the task records alone: at 100,000 tasks, the run records were
    /// nearly half of its CPU (1.6 s of it, 0.9 s without them). A call that needs run records (attempts,
    /// leases, retry schedules, a queue's summary or slots) and every write throws.
    case taskListing

    /// Whether the store keeps applying what is written after its open.
    var follows: Bool { self == .live || self == .observing }

    /// Whether the store reads the run records (attempts, leases, retry schedules).
    var readsRunRecords: Bool { self != .taskListing }

    /// Whether the mirror holds each task's payload.
    var holdsPayloads: Bool { self == .live }
}
