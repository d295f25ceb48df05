extension LatencyHistogram {
    /// The histogram as a compact blob for a database column: for each non-empty bucket by index, the
    /// index's distance from the previous one and the count, both as LEB128 varints (2–4 bytes a bucket).
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(buckets.count * 3)
        var previous = 0
        for index in buckets.keys.sorted() {
            Self.appendVarint(UInt64(index - previous), to: &bytes)
            Self.appendVarint(UInt64(buckets[index]!), to: &bytes)
            previous = index
        }
        return bytes
    }

    /// Reads a blob written by ``encoded``; `damagedStore` when it is cut short or names no valid bucket.
    public init(encoded bytes: some Collection<UInt8>) throws(JobError) {
        var buckets: [Int: Int] = [:]
        var iterator = bytes.makeIterator()
        var index = 0
        while let delta = try Self.readVarint(&iterator) {
            guard let count = try Self.readVarint(&iterator) else {
                throw .damagedStore("latency histogram blob ends inside a bucket")
            }
            index += Int(truncatingIfNeeded: delta)
            buckets[index, default: 0] += Int(truncatingIfNeeded: count)
        }
        do {
            try self.init(buckets: buckets)
        } catch {
            throw .damagedStore("latency histogram blob: \(error.description)")
        }
    }

    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// The next varint, or nil when the blob ends before it (the caller decides whether it may).
    private static func readVarint<I: IteratorProtocol<UInt8>>(_ iterator: inout I) throws(JobError) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let byte = iterator.next() else {
                if shift == 0 { return nil }
                throw .damagedStore("latency histogram blob ends inside a number")
            }
            guard shift < 63 else { throw .damagedStore("latency histogram blob holds a number too large") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }
}
