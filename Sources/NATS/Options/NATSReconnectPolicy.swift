/// When to try again after a connection is lost: exponential backoff with jitter, capped.
///
/// Jitter keeps a fleet of clients that lost the same server from all redialling it in the same instant.
public struct NATSReconnectPolicy: Sendable, Equatable {
    /// Whether to reconnect at all; false closes the client when the connection drops.
    public var enabled: Bool
    /// The wait before the second attempt; each further attempt doubles it up to `maxDelay`.
    public var initialDelay: Duration
    /// The longest wait between two attempts.
    public var maxDelay: Duration
    /// How much of each wait is random: 0.5 draws it from [delay × 0.5, delay].
    public var jitter: Double
    /// Attempts before the client gives up and closes; nil tries forever.
    public var maxAttempts: Int?

    public init(
        enabled: Bool = true, initialDelay: Duration = .milliseconds(50), maxDelay: Duration = .seconds(1),
        jitter: Double = 0.5, maxAttempts: Int? = nil
    ) {
        self.enabled = enabled
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.jitter = min(max(jitter, 0), 1)
        self.maxAttempts = maxAttempts
    }

    /// The default: reconnect forever, at most a second apart, so a restarted server is found within ~1 s.
    public static let standard = NATSReconnectPolicy()
    /// Never reconnect.
    public static let never = NATSReconnectPolicy(enabled: false)

    /// The wait before attempt `attempt` (1 is the first retry after the first failure; 0 waits nothing),
    /// with `unitRandom` in [0, 1) choosing where in the jitter range it falls.
    public func delay(beforeAttempt attempt: Int, unitRandom: Double) -> Duration {
        guard attempt > 0 else { return .zero }
        let exponent = min(attempt - 1, 30)
        let base = min(initialDelay * (1 << exponent), maxDelay)
        let factor = 1 - jitter * (1 - min(max(unitRandom, 0), 1))
        return base * factor
    }
}
