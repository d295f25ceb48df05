/// What an API server serves beyond its store.
public struct APISettings: Sendable, Hashable {
    /// The queues tasks may be created in; a create naming another queue is refused.
    public var queues: [String]
    /// Also serve the `DEFAULT` queue, created on first use.
    public var allowCreateDefault: Bool
    /// Whether clients present certificates (reported by `/v1/info` as `auth`).
    public var mutualTLS: Bool
    /// The version `/v1/info` reports.
    public var version: String

    /// Creates settings.
    public init(queues: [String], allowCreateDefault: Bool = false, mutualTLS: Bool = false, version: String = APISettings.engineVersion) {
        self.queues = queues
        self.allowCreateDefault = allowCreateDefault
        self.mutualTLS = mutualTLS
        self.version = version
    }

    /// The version this build reports.
    public static let engineVersion = "0.3.0-ajtop"

    /// Every queue tasks may be created in.
    public var servedQueues: [String] {
        allowCreateDefault && !queues.contains("DEFAULT") ? queues + ["DEFAULT"] : queues
    }
}
