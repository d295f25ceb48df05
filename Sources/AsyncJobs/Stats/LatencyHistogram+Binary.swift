extension LatencyHistogram {
    /// The histogram as a compact blob for a database column: for each non-empty bucket by index, the
    /// index's distance from the previous one and the count, both as LEB128 varints (2–4 bytes a bucket).
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(bins.count * 3)
        var previous: Int32 = 0
        for bin in bins {
            Self.appendVarint(UInt64(bin.index - previous), to: &bytes)
            Self.appendVarint(UInt64(bin.count), to: &bytes)
            previous = bin.index
        }
        return bytes
    }

    /// Reads a blob written by ``encoded``; `damagedStore` when it is cut short, out of order, or names no
    /// valid bucket.
    public init(encoded bytes: [UInt8]) throws(JobError) {
        var bins: [Bin] = []
        bins.reserveCapacity(bytes.count / 2)
        var position = 0
        var index: Int64 = -1
        while position < bytes.count {
            let delta = try Self.readVarint(bytes, at: &position)
            guard position < bytes.count else { throw .damagedStore("latency histogram blob ends inside a bucket") }
            let count = try Self.readVarint(bytes, at: &position)
            index = max(index, 0) + Int64(delta)
            guard delta > 0 || bins.isEmpty, index <= Self.overflowIndex, count > 0, count <= UInt64(Int.max) else {
                throw .damagedStore("latency histogram blob: bucket \(index) with count \(count) is not valid there")
            }
            bins.append(Bin(index: Int32(index), count: Int(count)))
        }
        self.init(sortedBins: bins)
    }

    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
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
