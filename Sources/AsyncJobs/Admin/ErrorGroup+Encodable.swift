/// An error group's JSON form (`ajc queue errors --json`): the pattern, a raw example, how many tasks, when
/// first and last seen, and the tasks by state and by type. The task ids are left out (a group may hold
/// 100,000); `ajc task ls` lists them.
extension ErrorGroup: Encodable {
    enum CodingKeys: String, CodingKey {
        case error, example, count, states, types
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
    }

    /// Writes the group as one JSON object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pattern.text, forKey: .error)
        try container.encode(example, forKey: .example)
        try container.encode(count, forKey: .count)
        try container.encode(firstSeen, forKey: .firstSeen)
        try container.encode(lastSeen, forKey: .lastSeen)
        try container.encode(StateCounts(states), forKey: .states)
        try container.encode(types, forKey: .types)
    }
}
