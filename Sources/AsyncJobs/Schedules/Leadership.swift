/// Who leads an election, as the store's lease says (asyncjobs' `election` package, whose key is the
/// component, `task_scheduler`, and whose value is the leader's name).
///
/// A leader holds the lease for its TTL and renews it by campaigning again before it runs out; a lease
/// that ran out may be taken by any candidate. ``term`` changes whenever the lease changes hands, so a
/// write fenced on a leadership fails once someone else has led, even if the old leader took it back.
public struct Leadership: Sendable, Hashable {
    /// The election (``Scheduler/election`` for schedulers).
    public var election: String
    /// The candidate holding the lease.
    public var leader: String
    /// Grows by one each time the lease changes hands (on JetStream: the KV revision of the winning create).
    public var term: Int64
    /// When the lease runs out unless renewed.
    public var expires: Timestamp

    /// Creates a leadership.
    public init(election: String, leader: String, term: Int64, expires: Timestamp) {
        self.election = election
        self.leader = leader
        self.term = term
        self.expires = expires
    }

    /// Whether `candidate` holds the lease at `now`.
    public func isHeld(by candidate: String, at now: Timestamp) -> Bool { leader == candidate && now < expires }
}
