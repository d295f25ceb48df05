/// Store info's JSON form (`ajc info --json`); `counts` is a ``StateCounts``.
extension StoreInfo: Encodable {
    enum CodingKeys: String, CodingKey {
        case kind, location, queues, counts, notes
        case sizeBytes = "size_bytes"
    }

    /// Writes `size_bytes` only when the store has a size on disk, `notes` only when there are some.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(location, forKey: .location)
        try container.encodeIfPresent(sizeBytes, forKey: .sizeBytes)
        try container.encode(queues, forKey: .queues)
        try container.encode(StateCounts(self.counts), forKey: .counts)
        if !notes.isEmpty { try container.encode(notes, forKey: .notes) }
    }
}
