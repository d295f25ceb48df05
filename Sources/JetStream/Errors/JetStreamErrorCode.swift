/// The `err_code` values a client of this library acts on, named after nats-server's `errors.json`.
public enum JetStreamErrorCode {
    /// 10039: JetStream is not enabled for the account.
    public static let jetStreamNotEnabledForAccount = 10039
    /// 10076: JetStream is not enabled on the server.
    public static let jetStreamNotEnabled = 10076
    /// 10008: JetStream is temporarily unavailable (e.g. no leader yet); worth retrying.
    public static let jetStreamTemporarilyUnavailable = 10008
    /// 10059: no stream of that name.
    public static let streamNotFound = 10059
    /// 10058: a stream of that name exists with a different configuration.
    public static let streamNameInUse = 10058
    /// 10065: the stream's subjects overlap another stream's.
    public static let streamSubjectOverlap = 10065
    /// 10037: no message matched a stream message get.
    public static let noMessageFound = 10037
    /// 10057: deleting a message failed (e.g. "stream store EOF" for a missing sequence on 2.9).
    public static let streamMessageDeleteFailed = 10057
    /// 10071: the publish expected another last sequence ("wrong last sequence: N").
    public static let streamWrongLastSequence = 10071
    /// 10164: the same failure without the sequence (2.12+ replicated and batch paths).
    public static let streamWrongLastSequenceConstant = 10164
    /// 10070: the publish expected another last message id.
    public static let streamWrongLastMessageID = 10070
    /// 10060: the publish expected another stream (`Nats-Expected-Stream`).
    public static let streamNotMatch = 10060
    /// 10014: no consumer of that name.
    public static let consumerNotFound = 10014
    /// 10148: 2.10+ refused `action: create` for a consumer that exists with another configuration.
    public static let consumerAlreadyExists = 10148
    /// 10149: 2.10+ refused `action: update` for a consumer that does not exist.
    public static let consumerDoesNotExist = 10149
    /// 10013: the consumer name is in use.
    public static let consumerNameInUse = 10013
    /// The stream refused to store a message (its description says why, e.g. "maximum messages exceeded").
    public static let streamStoreFailed = 10077
    /// 10043: no message has the sequence (deleted meanwhile, e.g. acknowledged off a work queue).
    public static let sequenceNotFound = 10043
}
