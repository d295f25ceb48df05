/// A nats-server version (`2.9.10`, `2.15.1`), to pick between API forms that changed between releases.
public struct ServerVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The major number.
    public var major: Int
    /// The minor number.
    public var minor: Int
    /// The patch number.
    public var patch: Int

    /// A version from its numbers.
    public init(_ major: Int, _ minor: Int, _ patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// The version in INFO's `version` field; a suffix such as `-beta.1` is ignored. Nil when it has no numbers.
    public init?(_ text: String) {
        let core = text.split(separator: "-", maxSplits: 1).first ?? ""
        let numbers = core.split(separator: ".").map { Int($0) }
        guard numbers.count >= 2, let major = numbers[0], let minor = numbers[1] else { return nil }
        self.init(major, minor, numbers.count > 2 ? numbers[2] ?? 0 : 0)
    }

    /// The first release with consumer create `action`, multiple filter subjects and `sync_interval`.
    public static let twoTen = ServerVersion(2, 10)

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (lhs: ServerVersion, rhs: ServerVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}
