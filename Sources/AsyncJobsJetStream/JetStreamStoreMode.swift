/// How far a ``JetStreamStore`` follows the server after it opens.
public enum JetStreamStoreMode: Sendable, Hashable {
    /// Keeps following every stream, so reads show other processes' writes within milliseconds; the last
    /// hour of events is read at open. For workers, dashboards and `ajc task watch`.
    case live
    /// Reads the tasks, run records and queues once at open and then stops following; the event history
    /// is read only when a call first needs it. For one-shot commands (`ajc queue ls`, `ajc task ls`), which
    /// answer from what was stored when they started and would only pay for events and watches they never use.
    case snapshot
}
