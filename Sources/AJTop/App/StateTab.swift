import AsyncJobs

/// The state tabs of the queue detail screen, in Tab order; `all` first, where the screen opens.
public enum StateTab: String, Sendable, Hashable, CaseIterable {
    /// Every task, one state each, and `other` for queue errors, blocked and unreachable tasks.
    case all, new, active, retry, complete, expired, terminated, other

    /// The states the tab lists (nil: every state).
    public var states: Set<TaskState>? {
        switch self {
        case .all: nil
        case .new: [.new]
        case .active: [.active]
        case .retry: [.retry]
        case .complete: [.complete]
        case .expired: [.expired]
        case .terminated: [.terminated]
        case .other: [.queueError, .blocked, .unreachable]
        }
    }

    /// How many of the queue's tasks the tab lists, from the summary's counts.
    public func count(in summary: QueueSummary) -> Int {
        guard let states else { return summary.total }
        return states.reduce(0) { $0 + summary.count($1) }
    }

    /// The tab after this one, wrapping.
    public var next: StateTab { Self.allCases[(Self.allCases.firstIndex(of: self)! + 1) % Self.allCases.count] }
    /// The tab before this one, wrapping.
    public var previous: StateTab {
        Self.allCases[(Self.allCases.firstIndex(of: self)! + Self.allCases.count - 1) % Self.allCases.count]
    }
}
