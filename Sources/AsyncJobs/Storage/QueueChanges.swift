/// Settings to change on a live queue; nil leaves a setting as it is.
public struct QueueChanges: Sendable, Hashable {
    public var maxConcurrent: Int?
    public var maxRunTime: Duration?
    public var maxTries: Int?
    public var maxAge: Duration?
    public var maxEntries: Int?
    public var discardOld: Bool?
    public var paused: Bool?
    public var retention: Duration?

    /// Creates a change set.
    public init(maxConcurrent: Int? = nil, maxRunTime: Duration? = nil, maxTries: Int? = nil, maxAge: Duration? = nil,
                maxEntries: Int? = nil, discardOld: Bool? = nil, paused: Bool? = nil, retention: Duration? = nil) {
        self.maxConcurrent = maxConcurrent
        self.maxRunTime = maxRunTime
        self.maxTries = maxTries
        self.maxAge = maxAge
        self.maxEntries = maxEntries
        self.discardOld = discardOld
        self.paused = paused
        self.retention = retention
    }

    /// `queue` with these changes applied, validated.
    public func applied(to queue: Queue) throws(JobError) -> Queue {
        var changed = queue
        if let maxConcurrent { changed.maxConcurrent = maxConcurrent }
        if let maxRunTime { changed.maxRunTime = maxRunTime }
        if let maxTries { changed.maxTries = maxTries }
        if let maxAge { changed.maxAge = maxAge }
        if let maxEntries { changed.maxEntries = maxEntries }
        if let discardOld { changed.discardOld = discardOld }
        if let paused { changed.paused = paused }
        if let retention { changed.retention = retention }
        try changed.validate()
        return changed
    }
}
