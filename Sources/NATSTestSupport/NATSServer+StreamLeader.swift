import Foundation
import NATS

extension Array where Element == NATSServer {
    /// The node leading `stream`'s raft group (a replicated stream's leader takes its writes), asked through
    /// `client`; waits for an election in progress, up to `timeout`.
    public func leader(ofStream stream: String, client: NATSClient,
                       timeout: Duration = .seconds(10)) async throws -> NATSServer {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while ContinuousClock.now < deadline {
            if let reply = try? await client.request("$JS.API.STREAM.INFO.\(stream)", payload: [], timeout: .seconds(2)),
               let info = try? JSONSerialization.jsonObject(with: Data(reply.payload)) as? [String: Any] {
                let leader = (info["cluster"] as? [String: Any])?["leader"] as? String
                if let leader, let server = first(where: { $0.name == leader && $0.isRunning }) { return server }
                last = "leader \(leader ?? "none")"
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw NATSServerError.startFailed("no leader for stream \(stream) after \(timeout) (\(last))")
    }

    /// The `nats://` URLs of every node, comma-separated, for a client (or the emulator) that should fail over.
    public var urls: String { map(\.url).joined(separator: ",") }
}
