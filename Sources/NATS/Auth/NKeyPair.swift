import Crypto
import Foundation

/// An NKey: an Ed25519 key pair whose seed and public key travel as base32 text with a type prefix and CRC16.
public struct NKeyPair: Sendable {
    /// What an NKey identifies; the first letter of its public key (`U`ser, `A`ccount, `O`perator, …).
    public enum Kind: UInt8, Sendable, CaseIterable {
        case account = 0  // 'A'
        case cluster = 16  // 'C'
        case `operator` = 112  // 'O'
        case server = 104  // 'N'
        case user = 160  // 'U'
    }

    private static let seedPrefix: UInt8 = 18 << 3  // 'S'

    public let kind: Kind
    /// The 32-byte Ed25519 seed; the CryptoKit key is rebuilt from it because it is not `Sendable`.
    private let rawSeed: [UInt8]

    private var privateKey: Curve25519.Signing.PrivateKey {
        // The seed was validated as an Ed25519 key when this value was made.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: rawSeed)
    }

    /// Decodes a seed such as `SUAM…`; a wrong prefix, length or checksum is an `auth` error.
    public init(seed: String) throws(NATSError) {
        let trimmed = seed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Base32.decode(trimmed), raw.count == 36 else {
            throw .auth("NKey seed is not 58 base32 characters")
        }
        let body = raw[0..<34]
        let stored = UInt16(raw[34]) | UInt16(raw[35]) << 8
        guard CRC16.checksum(body) == stored else { throw .auth("NKey seed checksum does not match") }
        guard raw[0] & 0xF8 == Self.seedPrefix else { throw .auth("not an NKey seed (it must start with S)") }
        let kindByte = (raw[0] & 0x07) << 5 | (raw[1] & 0xF8) >> 3
        guard let kind = Kind(rawValue: kindByte) else { throw .auth("NKey seed of an unknown key type") }
        do {
            _ = try Curve25519.Signing.PrivateKey(rawRepresentation: raw[2..<34])
        } catch {
            throw .auth("NKey seed is not an Ed25519 key: \(error)")
        }
        self.rawSeed = Array(raw[2..<34])
        self.kind = kind
    }

    /// A new random key pair of `kind`.
    public init(generating kind: Kind) {
        self.kind = kind
        self.rawSeed = Array(Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    /// The public key as NATS shows it (`U…` for a user), which servers list in their `nkey` settings.
    public var publicKey: String {
        Self.encode([kind.rawValue] + Array(privateKey.publicKey.rawRepresentation))
    }

    /// The seed text (`S…`), which is the secret.
    public var seed: String {
        Self.encode([Self.seedPrefix | kind.rawValue >> 5, (kind.rawValue & 0x1F) << 3] + rawSeed)
    }

    /// Ed25519 signature of `data`.
    public func sign(_ data: [UInt8]) throws(NATSError) -> [UInt8] {
        do {
            return Array(try privateKey.signature(for: data))
        } catch {
            throw .auth("signing with the NKey failed: \(error)")
        }
    }

    /// The server's nonce signed and encoded as CONNECT's `sig` expects (base64url, no padding).
    func signNonce(_ nonce: String) throws(NATSError) -> String {
        Self.base64URL(try sign(Array(nonce.utf8)))
    }

    /// Base64url without padding, the encoding of NATS signatures and JWT parts.
    public static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func encode(_ body: [UInt8]) -> String {
        let crc = CRC16.checksum(body)
        return Base32.encode(body + [UInt8(crc & 0xFF), UInt8(crc >> 8)])
    }
}
