import Foundation

/// The one JSON configuration every request and reply of the JetStream layer uses.
enum JetStreamJSON {
    /// Encodes without escaping `/` (subjects and descriptions go to the server as written) and without
    /// sorting, so requests read like the ones other clients send.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// Decodes a reply, first turning an `error` envelope into ``JetStreamError/api(_:)``.
    static func decodeReply<Reply: Decodable>(_ type: Reply.Type, from payload: [UInt8]) throws -> Reply {
        let data = Data(payload)
        let decoder = JSONDecoder()
        let envelope: ErrorEnvelope
        do {
            envelope = try decoder.decode(ErrorEnvelope.self, from: data)
        } catch {
            throw JetStreamError.invalidResponse("not a JSON object: \(String(decoding: payload.prefix(200), as: UTF8.self))")
        }
        if let apiError = envelope.error { throw JetStreamError.api(apiError) }
        do {
            return try decoder.decode(Reply.self, from: data)
        } catch {
            throw JetStreamError.invalidResponse("\(Reply.self): \(error)")
        }
    }

    /// The error of an error envelope, or nil when `payload` is not one.
    static func apiError(in payload: [UInt8]) -> JetStreamAPIError? {
        (try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(payload)))?.error
    }

    /// The part of every reply that says whether it failed.
    private struct ErrorEnvelope: Decodable {
        var error: JetStreamAPIError?
    }
}
