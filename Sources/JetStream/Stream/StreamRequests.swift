/// The JSON bodies of the stream endpoints that are not a config or an info.

/// `STREAM.PURGE` request: all messages, those on one subject, up to a sequence, or all but the newest `keep`.
struct StreamPurgeRequest: Encodable {
    var filter: String?
    var seq: UInt64?
    var keep: UInt64?
}

/// `STREAM.PURGE` reply.
struct StreamPurgeResponse: Decodable {
    var success: Bool
    var purged: UInt64
}

/// `STREAM.MSG.GET` / `DIRECT.GET` request: one message by sequence, the last on a subject, or the first on a
/// subject at or after a sequence.
struct MessageGetRequest: Encodable {
    var seq: UInt64?
    var lastBySubject: String?
    var nextBySubject: String?

    enum CodingKeys: String, CodingKey {
        case seq
        case lastBySubject = "last_by_subj"
        case nextBySubject = "next_by_subj"
    }
}

/// `STREAM.MSG.GET` reply: the stored message with base64 `hdrs` and `data` (each omitted when empty).
struct MessageGetResponse: Decodable {
    struct Stored: Decodable {
        var subject: String
        var seq: UInt64
        var hdrs: String?
        var data: String?
        var time: String
    }

    var message: Stored
}

/// `STREAM.MSG.DELETE` request; `no_erase` skips overwriting the stored bytes.
struct MessageDeleteRequest: Encodable {
    var seq: UInt64
    var noErase: Bool?

    enum CodingKeys: String, CodingKey {
        case seq
        case noErase = "no_erase"
    }
}

/// The reply of deletes: `{"success":true}`.
struct SuccessResponse: Decodable {
    var success: Bool
}
