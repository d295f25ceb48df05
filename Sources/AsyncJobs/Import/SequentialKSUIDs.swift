/// KSUIDs for a batch of tasks created in the same second, in ascending order.
///
/// A KSUID's 16 payload bytes are normally all random, so a million ids of one second land in random
/// places of the store's id index; inserting them cost twice as long as inserting ids that ascend. Here
/// the first 8 payload bytes are random per batch and the last 8 count up from a random start: ids stay
/// unique (64 random bits per batch) and valid KSUIDs, and each batch appends to the index.
struct SequentialKSUIDs {
    private var bytes: [UInt8]

    /// A batch of ids for tasks created at `time`.
    init(at time: Timestamp) {
        var random = SystemRandomNumberGenerator()
        let seconds = UInt32(clamping: time.nanoseconds / 1_000_000_000 - KSUID.epoch)
        let prefix: UInt64 = random.next()
        // Start low enough that no batch can wrap around.
        let counter: UInt64 = random.next() >> 8
        bytes = withUnsafeBytes(of: seconds.bigEndian, Array.init)
            + withUnsafeBytes(of: prefix.bigEndian, Array.init)
            + withUnsafeBytes(of: counter.bigEndian, Array.init)
    }

    /// The next id, greater than every one before it in this batch.
    mutating func next() -> String {
        // Increment the big-endian counter in the last 8 bytes.
        var index = bytes.count - 1
        while index >= 12 {
            bytes[index] &+= 1
            if bytes[index] != 0 { break }
            index -= 1
        }
        return KSUID.encode(bytes)
    }
}
