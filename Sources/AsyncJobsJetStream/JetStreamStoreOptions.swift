import AsyncJobs
import JetStream

/// How a ``JetStreamStore`` creates what does not exist yet; existing streams and consumers are bound as
/// they are, exactly as asyncjobs does.
public struct JetStreamStoreOptions: Sendable, Hashable {
    /// Replicas of every stream the store creates (asyncjobs' `StoreReplicas`, 1–5; more than 1 needs a cluster).
    public var replicas: Int
    /// Memory instead of file storage for the streams the store creates (asyncjobs' `MemoryStorage`).
    public var storage: StreamConfig.Storage
    /// MaxAge of `CHORIA_AJ_TASKS` when the store creates it (asyncjobs' `TaskRetention`); zero keeps tasks.
    public var taskRetention: Duration
    /// Whether pausing a queue must also stop Go workers, by pausing its `WORKERS` consumer (nats-server 2.11
    /// and later). With `false` (the default) a pause stops this engine's workers everywhere and, on a server
    /// that can, Go workers too; with `true` a pause on an older server fails instead.
    public var requireConsumerPause: Bool

    /// Creates options; the defaults are asyncjobs': one replica, file storage, tasks kept forever.
    public init(replicas: Int = 1, storage: StreamConfig.Storage = .file, taskRetention: Duration = .zero,
                requireConsumerPause: Bool = false) {
        self.replicas = replicas
        self.storage = storage
        self.taskRetention = taskRetention
        self.requireConsumerPause = requireConsumerPause
    }

    /// Throws `invalidSetting` for values asyncjobs refuses.
    func validate() throws(JobError) {
        guard (1...5).contains(replicas) else { throw .invalidSetting("replicas must be 1 to 5, got \(replicas)") }
        guard taskRetention >= .zero else { throw .invalidSetting("task retention must not be negative") }
    }
}
