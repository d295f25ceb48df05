extension LatencyHistogram {
    /// The histogram as a compact blob for a database column: for each non-empty bucket by index, the
    /// index's distance from the previous one and the count, both as LEB128 varints (2–4 bytes a bucket).
    public var encoded: [UInt8] {
        var writer = BlobWriter(capacity: bins.count * 3)
        for bin in bins { writer.append(index: bin.index, count: bin.count) }
        return writer.bytes
    }

    /// Reads a blob written by ``encoded``; `damagedStore` when it is cut short, out of order, or names no
    /// valid bucket.
    public init(encoded bytes: [UInt8]) throws(JobError) {
        var bins: [Bin] = []
        bins.reserveCapacity(bytes.count / 2)
        try Self.forEachBin(in: bytes) { bins.append(Bin(index: $0, count: $1)) }
        self.init(sortedBins: bins)
    }

    /// ``encoded`` of this histogram plus the one `stored` holds (a blob written by ``encoded``), merged
    /// straight from the bytes: what a store writes back when it adds a transaction's durations to a
    /// stored row. Neither side's buckets are built as a histogram, so adding a few durations to a
    /// minute's row costs one pass over its blob. `damagedStore` when `stored` is not a valid blob.
    public func encoded(mergingEncoded stored: [UInt8]) throws(JobError) -> [UInt8] {
        var writer = BlobWriter(capacity: stored.count + bins.count * 3)
        var own = 0
        try Self.forEachBin(in: stored) { index, count in
            while own < bins.count, bins[own].index < index {
                writer.append(index: bins[own].index, count: bins[own].count)
                own += 1
            }
            if own < bins.count, bins[own].index == index {
                writer.append(index: index, count: count + bins[own].count)
                own += 1
            } else {
                writer.append(index: index, count: count)
            }
        }
        for bin in bins[own...] { writer.append(index: bin.index, count: bin.count) }
        return writer.bytes
    }

    /// Calls `body` with each bucket's index and count of a blob written by ``encoded``, in index order,
    /// after checking it; `damagedStore` when the blob is cut short, out of order, or names no valid
    /// bucket (`body` may then have seen the buckets before the damage).
    private static func forEachBin(in bytes: [UInt8], _ body: (Int32, Int) -> Void) throws(JobError) {
        var position = 0
        var index: Int64 = -1
        var first = true
        while position < bytes.count {
            let delta = try readVarint(bytes, at: &position)
            guard position < bytes.count else { throw .damagedStore("latency histogram blob ends inside a bucket") }
            let count = try readVarint(bytes, at: &position)
            index = max(index, 0) + Int64(delta)
            guard delta > 0 || first, index <= overflowIndex, count > 0, count <= UInt64(Int.max) else {
                throw .damagedStore("latency histogram blob: bucket \(index) with count \(count) is not valid there")
            }
            first = false
            body(Int32(index), Int(count))
        }
    }

    /// Appends buckets, in index order, in the form ``encoded`` writes.
    private struct BlobWriter {
        var bytes: [UInt8] = []
        private var previous: Int32 = 0

        init(capacity: Int) { bytes.reserveCapacity(capacity) }

        mutating func append(index: Int32, count: Int) {
            appendVarint(UInt64(index - previous))
            appendVarint(UInt64(count))
            previous = index
        }

        private mutating func appendVarint(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }
    }

    private static func readVarint(_ bytes: [UInt8], at position: inout Int) throws(JobError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            guard shift < 63 else { throw .damagedStore("latency histogram blob holds a number too large") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw .damagedStore("latency histogram blob ends inside a number")
    }
}
