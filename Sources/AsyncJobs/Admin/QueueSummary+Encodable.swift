/// A queue summary's JSON form (`ajc queue ls/info --json`): the queue's settings (``Queue``'s own keys,
/// `paused` among them) followed by its live figures.
extension QueueSummary: Encodable {
    enum FigureKeys: String, CodingKey {
        case active, ready, scheduled, counts
        case oldestReady = "oldest_ready"
    }

    /// Writes the queue's own keys, then the figures into the same object.
    public func encode(to encoder: any Encoder) throws {
        try queue.encode(to: encoder)
        var container = encoder.container(keyedBy: FigureKeys.self)
        try container.encode(active, forKey: .active)
        try container.encode(ready, forKey: .ready)
        try container.encode(scheduled, forKey: .scheduled)
        try container.encodeIfPresent(oldestReady, forKey: .oldestReady)
        try container.encode(StateCounts(counts), forKey: .counts)
    }
}
