import AsyncJobs
import JetStream

/// Where the per-minute history lives: `AJTOP_STATS`, one message per flush of one process's deltas of one
/// queue, summed by readers (`docs/jetstream-store.md`).
extension StoreLayout {
    /// Deltas of ``MinuteStats`` rows, kept ``MinuteStats/retention``.
    static let statsStream = "AJTOP_STATS"
    static let statsSubjectPrefix = "AJTOP.STATS."
    static func statsSubject(_ queue: String) -> String { statsSubjectPrefix + queue }

    /// `AJTOP_STATS`: every delta for the retention, then gone (the server's max age prunes it).
    static func statsStreamConfig(_ options: JetStreamStoreOptions) -> StreamConfig {
        var config = StreamConfig(name: statsStream, subjects: [statsSubjectPrefix + "*"])
        config.description = "ajtop: per-minute counts and latency histograms, one delta per flush"
        config.retention = .limits
        config.discard = .old
        config.maxAge = Nanoseconds(MinuteStats.retention)
        config.storage = options.storage
        config.replicas = options.replicas
        return config
    }
}
