/// The `error` object of a JetStream API reply: `{"code":404,"err_code":10059,"description":"stream not found"}`.
///
/// `code` is HTTP-like and coarse; `errCode` is the server's precise identifier, the one to switch on
/// (see ``JetStreamErrorCode``).
public struct JetStreamAPIError: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The HTTP-like status, e.g. 404 or 503.
    public var code: Int
    /// The server's precise error identifier, e.g. 10059 for "stream not found".
    public var errCode: Int
    /// The server's text for the error.
    public var errorDescription: String

    /// An API error as the server would report it.
    public init(code: Int, errCode: Int, description: String) {
        self.code = code
        self.errCode = errCode
        self.errorDescription = description
    }

    enum CodingKeys: String, CodingKey {
        case code
        case errCode = "err_code"
        case errorDescription = "description"
    }

    public var description: String { "JetStream error \(errCode) (\(code)): \(errorDescription)" }

    /// Whether this is a failed publish expectation on the last sequence: a compare-and-set write that lost.
    ///
    /// Servers report it as 10071 ("wrong last sequence: N"), and 2.12+ as 10164 on the replicated and batch
    /// paths, so both count.
    public var isWrongLastSequence: Bool {
        errCode == JetStreamErrorCode.streamWrongLastSequence || errCode == JetStreamErrorCode.streamWrongLastSequenceConstant
    }
}
