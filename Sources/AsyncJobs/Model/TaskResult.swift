/// What a successful attempt produced; set only on `complete` tasks.
public struct TaskResult: Sendable, Hashable, Codable {
    /// The JSON value the handler returned.
    public var payload: JSONValue
    /// When the attempt finished.
    public var completed: Timestamp

    /// Creates a result.
    public init(payload: JSONValue, completed: Timestamp) {
        self.payload = payload
        self.completed = completed
    }

    enum CodingKeys: String, CodingKey { case payload, completed }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        payload = try container.decodeIfPresent(JSONValue.self, forKey: .payload) ?? .null
        completed = try container.decode(Timestamp.self, forKey: .completed)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(payload, forKey: .payload)
        try container.encode(completed, forKey: .completed)
    }
}

extension TaskResult {
    /// Writes `{"payload":…,"completed":…}` in asyncjobs' order.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("payload"); payload.write(to: &writer)
        writer.key("completed"); writer.string(completed.rfc3339)
        writer.endObject()
    }
}
