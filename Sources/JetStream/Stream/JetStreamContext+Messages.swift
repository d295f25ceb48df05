import Foundation
import NATS

/// Reading and deleting single stream messages.
extension JetStreamContext {
    /// The message at `sequence`; 10037 when there is none.
    public func message(stream: String, sequence: UInt64) async throws -> StreamMessage {
        try await getMessage(stream: stream, MessageGetRequest(seq: sequence))
    }

    /// The newest message on `subject` (e.g. a task record), or nil when the subject has none.
    public func lastMessage(stream: String, subject: String) async throws -> StreamMessage? {
        do {
            return try await getMessage(stream: stream, MessageGetRequest(lastBySubject: subject))
        } catch JetStreamError.api(let error) where error.errCode == JetStreamErrorCode.noMessageFound {
            return nil
        }
    }

    /// A message through `DIRECT.GET`, which any replica may answer, for streams with `allowDirect`: by sequence,
    /// or the last on a subject. Nil when there is no such message. A stream without `allowDirect` has no
    /// responder: 2.15 answers no-responders, 2.9 lets the request time out.
    public func directMessage(stream: String, sequence: UInt64? = nil, lastBySubject subject: String? = nil) async throws -> StreamMessage? {
        try validateName(stream, what: "stream name")
        let target: String
        let payload: [UInt8]
        switch (sequence, subject) {
        case (let sequence?, nil):
            target = subjects.directGet(stream)
            payload = try JetStreamJSON.encode(MessageGetRequest(seq: sequence))
        case (nil, let subject?):
            // The subject in the request subject needs no JSON body and routes on any server since 2.9.
            target = subjects.directGetLast(stream, subject: subject)
            payload = []
        default:
            throw JetStreamError.invalidArgument("a direct get takes a sequence or a subject, exactly one")
        }
        let reply = try await request(target, payload: payload, headers: nil, timeout: timeout)
        if reply.status == 404 { return nil }
        if let status = reply.status {
            throw JetStreamError.invalidResponse("direct get answered \(status) \(reply.statusDescription ?? "")")
        }
        guard let headers = reply.headers, let storedSubject = headers["Nats-Subject"],
              let sequenceText = headers["Nats-Sequence"], let storedSequence = UInt64(sequenceText)
        else {
            // A JSON error envelope (e.g. a bad request) arrives without the Nats-* headers.
            if let apiError = JetStreamJSON.apiError(in: reply.payload) { throw JetStreamError.api(apiError) }
            throw JetStreamError.invalidResponse("direct get reply without Nats-Subject/Nats-Sequence")
        }
        var original = headers
        for name in ["Nats-Stream", "Nats-Subject", "Nats-Sequence", "Nats-Time-Stamp", "Nats-Last-Sequence", "Nats-Num-Pending"] {
            original.remove(name)
        }
        return StreamMessage(subject: storedSubject, sequence: storedSequence,
                             headers: original.isEmpty ? nil : original, payload: reply.payload,
                             time: headers["Nats-Time-Stamp"] ?? "")
    }

    /// Deletes the message at `sequence`; with `erase` (the default) its bytes are overwritten too.
    public func deleteMessage(stream: String, sequence: UInt64, erase: Bool = true) async throws {
        try validateName(stream, what: "stream name")
        let request = MessageDeleteRequest(seq: sequence, noErase: erase ? nil : true)
        let reply: SuccessResponse = try await call(subjects.messageDelete(stream), body: request)
        guard reply.success else { throw JetStreamError.invalidResponse("delete of \(stream) #\(sequence) did not succeed") }
    }

    private func getMessage(stream: String, _ request: MessageGetRequest) async throws -> StreamMessage {
        try validateName(stream, what: "stream name")
        let reply: MessageGetResponse = try await call(subjects.messageGet(stream), body: request)
        return try reply.message.decoded()
    }
}

extension MessageGetResponse.Stored {
    /// The message with its base64 `hdrs` and `data` decoded.
    func decoded() throws -> StreamMessage {
        func bytes(_ base64: String?, _ field: String) throws -> [UInt8] {
            guard let base64 else { return [] }
            guard let data = Data(base64Encoded: base64) else {
                throw JetStreamError.invalidResponse("message \(seq): \(field) is not base64")
            }
            return Array(data)
        }
        let headerBlock = try bytes(hdrs, "hdrs")
        return StreamMessage(subject: subject, sequence: seq,
                             headers: headerBlock.isEmpty ? nil : try StoredHeaderBlock.parse(headerBlock),
                             payload: try bytes(data, "data"), time: time)
    }
}
