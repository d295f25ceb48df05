/// The request subjects of the JetStream API under one prefix: `$JS.API` by default, `$JS.<domain>.API`
/// for a JetStream domain.
public struct JetStreamAPISubjects: Sendable, Hashable {
    /// The prefix every API subject starts with, without a trailing dot.
    public let prefix: String

    /// Subjects under an explicit prefix (e.g. one an account import renamed).
    public init(prefix: String = "$JS.API") { self.prefix = prefix }

    /// Subjects for a JetStream domain (`$JS.<domain>.API`), or the default prefix when `domain` is nil or empty.
    public init(domain: String?) {
        if let domain, !domain.isEmpty { prefix = "$JS.\(domain).API" } else { prefix = "$JS.API" }
    }

    var accountInfo: String { "\(prefix).INFO" }
    func streamCreate(_ stream: String) -> String { "\(prefix).STREAM.CREATE.\(stream)" }
    func streamUpdate(_ stream: String) -> String { "\(prefix).STREAM.UPDATE.\(stream)" }
    func streamInfo(_ stream: String) -> String { "\(prefix).STREAM.INFO.\(stream)" }
    func streamDelete(_ stream: String) -> String { "\(prefix).STREAM.DELETE.\(stream)" }
    func streamPurge(_ stream: String) -> String { "\(prefix).STREAM.PURGE.\(stream)" }
    var streamNames: String { "\(prefix).STREAM.NAMES" }
    var streamList: String { "\(prefix).STREAM.LIST" }
    func messageGet(_ stream: String) -> String { "\(prefix).STREAM.MSG.GET.\(stream)" }
    func messageDelete(_ stream: String) -> String { "\(prefix).STREAM.MSG.DELETE.\(stream)" }
    func directGet(_ stream: String) -> String { "\(prefix).DIRECT.GET.\(stream)" }
    func directGetLast(_ stream: String, subject: String) -> String { "\(prefix).DIRECT.GET.\(stream).\(subject)" }

    /// The 2.9+ named create, with the filter subject appended when there is exactly one (`.<filter>`) and it has
    /// no wildcard (a published subject may not hold one; the body carries the filter either way).
    func consumerCreate(_ stream: String, name: String, filter: String?) -> String {
        if let filter, !filter.split(separator: ".").contains(where: { $0 == "*" || $0 == ">" }) { return "\(prefix).CONSUMER.CREATE.\(stream).\(name).\(filter)" }
        return "\(prefix).CONSUMER.CREATE.\(stream).\(name)"
    }
    /// The ephemeral create: the server picks the name.
    func consumerCreateEphemeral(_ stream: String) -> String { "\(prefix).CONSUMER.CREATE.\(stream)" }
    /// The pre-2.9 durable create, still accepted by newer servers.
    func consumerDurableCreate(_ stream: String, name: String) -> String {
        "\(prefix).CONSUMER.DURABLE.CREATE.\(stream).\(name)"
    }
    func consumerInfo(_ stream: String, name: String) -> String { "\(prefix).CONSUMER.INFO.\(stream).\(name)" }
    func consumerDelete(_ stream: String, name: String) -> String { "\(prefix).CONSUMER.DELETE.\(stream).\(name)" }
    func consumerNames(_ stream: String) -> String { "\(prefix).CONSUMER.NAMES.\(stream)" }
    func consumerList(_ stream: String) -> String { "\(prefix).CONSUMER.LIST.\(stream)" }
    func consumerPause(_ stream: String, name: String) -> String { "\(prefix).CONSUMER.PAUSE.\(stream).\(name)" }
    func consumerNext(_ stream: String, name: String) -> String { "\(prefix).CONSUMER.MSG.NEXT.\(stream).\(name)" }
}
