import JetStream
import NATS

/// Riding out a lost connection: a server restarting, or a replicated stream or consumer electing a new
/// leader. A write whose end is already fenced on the run record sends its remaining steps again rather than
/// leaving a task half-written (`active` with no lease) for nobody to finish.
extension JetStreamStore {
    /// How long a step is sent again while the server does not answer: longer than a restart of a server
    /// with `sync_interval: always` or a leader election takes.
    static let connectionLossPatience: Duration = .seconds(8)

    /// Runs `body`, again every 100 ms while it fails with a connection loss (``isConnectionLoss(_:)``), for
    /// up to ``connectionLossPatience``; then throws its last error.
    func persisting<T>(_ body: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + Self.connectionLossPatience
        while true {
            do {
                return try await body()
            } catch where Self.isConnectionLoss(error) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Whether `error` means the request may not have reached the server or its answer was lost on the way
    /// back, so that sending it again once the connection or the leader is back is the way on.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        switch error {
        case let error as NATSError:
            switch error {
            case .timeout, .disconnected, .noResponders, .pendingBufferFull: return true
            default: return false
            }
        case let error as JetStreamError:
            switch error {
            case .noResponders, .publishAckTimeout: return true
            default: return false
            }
        default:
            return false
        }
    }
}
