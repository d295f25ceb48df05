import AsyncJobs

extension Model {
    /// The events screen's state: the live stream of state changes (what `ajc task watch` prints) kept as
    /// scrollback, following the newest unless paused.
    public struct EventsState: Sendable {
        /// The events kept, oldest first, at most ``Model/eventsKept``.
        public var events: [TaskEvent] = []
        /// The newest sequence read; nil before the first read, which starts a backlog before the newest.
        public var lastSequence: Int64?
        /// Whether the stream is frozen for reading back (new events are counted, not shown).
        public var paused = false
        /// Events committed since the pause, as far as the last read saw (at most one read's worth).
        public var newWhilePaused = 0
        /// Only events whose task id, queue, type, state or error contains this text.
        public var filter: String?
        /// Index of the selected event among the shown ones.
        public var selected = 0

        /// The events shown, after the filter, oldest first.
        public var shown: [TaskEvent] {
            guard let filter, !filter.isEmpty else { return events }
            return events.filter { event in
                event.taskID.contains(filter) || event.queue.contains(filter) || event.type.contains(filter)
                    || event.state.rawValue.contains(filter) || (event.error?.contains(filter) ?? false)
            }
        }

        /// The selected event, if any.
        public var selectedEvent: TaskEvent? {
            let shown = shown
            return shown.indices.contains(selected) ? shown[selected] : nil
        }

        /// Takes in a read: new events are kept (the oldest dropped past ``Model/eventsKept``) while
        /// following, and only counted while paused. A following selection stays on the newest.
        mutating func take(_ data: EventsData) {
            let fresh = data.events.filter { $0.sequence > (lastSequence ?? data.after) }
            if paused {
                newWhilePaused = fresh.count
                return
            }
            events.append(contentsOf: fresh)
            if events.count > Model.eventsKept { events.removeFirst(events.count - Model.eventsKept) }
            lastSequence = max(lastSequence ?? data.after, fresh.last?.sequence ?? data.after)
            selected = max(0, shown.count - 1)
        }

        /// `p`: freezes the stream, or follows it again from the newest.
        mutating func togglePaused() {
            paused.toggle()
            newWhilePaused = 0
            if !paused { selected = max(0, shown.count - 1) }
        }
    }

    /// How many events the screen keeps for scrolling back.
    public static let eventsKept = 5_000
    /// How many events one read takes (a faster stream catches up over the next refreshes).
    public static let eventsPerLoad = 1_000
    /// How many of the newest events the home screen reads for the space below its table.
    public static let homeEvents: Int64 = 12
    /// How many past events the screen opens with.
    public static let eventsBacklog: Int64 = 200
}
