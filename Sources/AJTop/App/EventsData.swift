import AsyncJobs

/// The events screen's data: the state-change events committed after a point in the store's event log.
public struct EventsData: Sendable, Hashable {
    /// The sequence the read started after.
    public var after: Int64
    /// The events, oldest first (at most ``Model/eventsPerLoad``).
    public var events: [TaskEvent]

    /// Creates the data.
    public init(after: Int64, events: [TaskEvent]) {
        self.after = after
        self.events = events
    }
}
