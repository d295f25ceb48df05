/// Things that happen to a connection that no single call returns, reported on `NATSClient.events`.
public enum NATSClientEvent: Sendable, Equatable {
    /// The connection to this server dropped (why); the client is reconnecting if its policy allows.
    case disconnected(server: String, reason: String)
    /// Connected again, to this server; subscriptions were re-sent and buffered publishes flushed.
    case reconnected(server: String)
    /// The server entered lame-duck mode and will close soon; the client moves to another server if it knows one.
    case lameDuckMode(server: String)
    /// A subscription's consumer fell behind by `subscriptionPendingLimit` messages and messages were dropped.
    case slowConsumer(sid: UInt64, subject: String)
    /// The server sent `-ERR` that did not close the connection (a permissions violation, say).
    case serverError(String)
    /// The client is closed; no more events follow.
    case closed
}
