/// K-sortable unique identifiers: 27 base62 characters encoding a 4-byte timestamp (seconds since
/// 2014-05-13, the KSUID epoch) and 16 random bytes. Sorting ids sorts tasks by creation second.
public enum KSUID {
    /// Seconds between the Unix epoch and the KSUID epoch.
    static let epoch: Int64 = 1_400_000_000
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A new id for a task created at `time`, with randomness from `random`.
    public static func make(at time: Timestamp, using random: inout some RandomNumberGenerator) -> String {
        // Two draws of 8 bytes, not 16 of one: each draw from the system generator is a getrandom(2) call,
        // and the JetStream store makes an id for every event it writes (2-3% of a worker's CPU went there).
        let high: UInt64 = random.next()
        let low: UInt64 = random.next()
        return make(at: time, body: withUnsafeBytes(of: high, Array.init) + withUnsafeBytes(of: low, Array.init))
    }

    /// The id for `time` whose 16 non-time bytes are `body`.
    static func make(at time: Timestamp, body: [UInt8]) -> String {
        let seconds = UInt32(clamping: time.nanoseconds / 1_000_000_000 - epoch)
        var bytes = [UInt8](repeating: 0, count: 20)
        bytes[0] = UInt8(seconds >> 24)
        bytes[1] = UInt8(truncatingIfNeeded: seconds >> 16)
        bytes[2] = UInt8(truncatingIfNeeded: seconds >> 8)
        bytes[3] = UInt8(truncatingIfNeeded: seconds)
        for (index, byte) in body.prefix(16).enumerated() { bytes[4 + index] = byte }
        return encode(bytes)
    }

    /// The second a KSUID made at `time` encodes (the time's second, clamped to what a KSUID can hold), as
    /// ``timestamp(of:)`` reads it back; without encoding and decoding one.
    public static func second(of time: Timestamp) -> Timestamp {
        let seconds = Int64(UInt32(clamping: time.nanoseconds / 1_000_000_000 - epoch))
        return Timestamp(nanoseconds: (seconds + epoch) * 1_000_000_000)
    }

    /// A new id for a task created now.
    public static func make(at time: Timestamp = .now) -> String {
        var random = SystemRandomNumberGenerator()
        return make(at: time, using: &random)
    }

    /// The creation second encoded in `id`, or nil when it is not a KSUID.
    public static func timestamp(of id: String) -> Timestamp? {
        let digits = Array(id.utf8)
        guard digits.count == 27 else { return nil }
        var number = [UInt8](repeating: 0, count: 20)
        for digit in digits {
            guard let value = alphabet.firstIndex(of: digit) else { return nil }
            var carry = value
            for index in stride(from: 19, through: 0, by: -1) {
                let total = Int(number[index]) * 62 + carry
                number[index] = UInt8(total & 0xFF)
                carry = total >> 8
            }
            guard carry == 0 else { return nil }
        }
        let seconds = Int64(number[0]) << 24 | Int64(number[1]) << 16 | Int64(number[2]) << 8 | Int64(number[3])
        return Timestamp(nanoseconds: (seconds + epoch) * 1_000_000_000)
    }

    /// Base62 of a 160-bit big-endian number, left-padded with zeros to 27 characters.
    static func encode(_ bytes: [UInt8]) -> String {
        var number = bytes
        var output = [UInt8]()
        while number.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in number.indices {
                let accumulator = remainder * 256 + Int(number[index])
                number[index] = UInt8(accumulator / 62)
                remainder = accumulator % 62
            }
            output.append(alphabet[remainder])
        }
        while output.count < 27 { output.append(alphabet[0]) }
        return String(decoding: output.reversed(), as: UTF8.self)
    }
}
