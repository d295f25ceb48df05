/// A fast pseudo-random generator (SplitMix64) seeded from the system generator.
///
/// Generating a million KSUIDs from the system generator costs one system call per random byte; ids
/// need uniqueness, not secrecy, and a 64-bit seed per import chunk followed by SplitMix64 gives that.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator seeded from the system's randomness.
    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    /// A generator with a fixed seed, for reproducible tests.
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
