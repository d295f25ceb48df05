/// The JSON of a queue's activity (`ajc queue info --json`, `GET /v1/queues/{name}`): `last_5m` and
/// `last_1h` windows, `by_type` (each type's two windows) and the `last_7d` window. A window holds
/// `completed`, `failed`, `retried` and `wait_p50_ms` … `run_p99_ms` in milliseconds, null when the
/// window has no sample.
extension QueueActivity: Encodable {
    enum Keys: String, CodingKey {
        case last5m = "last_5m", last1h = "last_1h", byType = "by_type", last7d = "last_7d"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try queue.encode(to: encoder)
        try container.encode(byType, forKey: .byType)
        try container.encode(last7d, forKey: .last7d)
    }
}

extension QueueActivity.Window: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: QueueActivity.Keys.self)
        try container.encode(last5m, forKey: .last5m)
        try container.encode(last1h, forKey: .last1h)
    }
}

extension StatsTotals: Encodable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Writes the counts, then each percentile of the wait and run histograms in milliseconds (null when
    /// empty), named `wait_p50_ms`, … `run_p99_ms`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(completed, forKey: Key("completed"))
        try container.encode(failed, forKey: Key("failed"))
        try container.encode(retried, forKey: Key("retried"))
        for (name, histogram) in [("wait", wait), ("run", run)] {
            for (label, p) in QueueActivity.percentiles {
                let milliseconds = histogram.percentile(p).map { ($0.seconds * 1e6).rounded() / 1e3 }
                try container.encode(milliseconds, forKey: Key("\(name)_\(label)_ms"))
            }
        }
    }
}
