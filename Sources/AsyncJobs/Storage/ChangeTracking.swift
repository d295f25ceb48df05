/// How readers and workers learn that a store changed: a cheap token to compare, and a wait for it to move.
///
/// Both roles of a store need it: a worker pool sleeps on it between claims, a dashboard skips reloads
/// while the token stands, a watch follows the event log with it. So ``WorkerStore`` and ``InspectorStore``
/// both refine it, and a store implements it once.
public protocol ChangeTracking: Sendable {
    /// A token that changes whenever anything changes, in any process sharing the store; cheap, because
    /// it is read before every claim and every dashboard reload.
    func changeToken() async throws -> ChangeToken
    /// Returns when the change token differs from `since` or at `deadline`, whichever comes first; the
    /// current token. Stores wake in-process waiters directly and poll cheaply across processes.
    func awaitChange(since: ChangeToken, deadline: Timestamp) async throws -> ChangeToken
}
