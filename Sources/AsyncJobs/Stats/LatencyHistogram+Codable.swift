extension LatencyHistogram: Codable {
    /// Decodes the flat `[index, count, index, count, …]` array that ``encode(to:)`` writes; a malformed
    /// one is a `dataCorrupted` error naming the problem.
    public init(from decoder: any Decoder) throws {
        let flat = try decoder.singleValueContainer().decode([Int].self)
        guard flat.count.isMultiple(of: 2) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "latency histogram: odd number of values"))
        }
        var buckets: [Int: Int] = [:]
        for pair in stride(from: 0, to: flat.count, by: 2) { buckets[flat[pair], default: 0] += flat[pair + 1] }
        do {
            try self.init(buckets: buckets)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes the non-empty buckets as one flat array of index and count pairs, by index: a few dozen
    /// numbers for a busy minute rather than a keyed object per bucket.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bins.flatMap { [Int($0.index), $0.count] })
    }
}
