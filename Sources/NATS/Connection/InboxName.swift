/// Random tokens for inbox subjects: 22 base62 characters, as unguessable as NATS' own NUIDs.
enum InboxName {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    static func token(length: Int = 22) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: length)
        // Characters from random bytes, eight per draw: every draw from the system generator is a
        // getrandom(2) call, and a pull makes a new inbox each time. A byte of 248 or more is skipped, so
        // that each of the 62 characters is equally likely (248 = 4 × 62).
        var pool: UInt64 = 0
        var left = 0
        var index = 0
        while index < length {
            if left == 0 {
                pool = generator.next()
                left = 8
            }
            let byte = UInt8(truncatingIfNeeded: pool)
            pool >>= 8
            left -= 1
            guard byte < 248 else { continue }
            bytes[index] = alphabet[Int(byte) % alphabet.count]
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
