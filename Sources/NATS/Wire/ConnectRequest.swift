import Foundation

/// The `CONNECT` payload: who the client is, what it understands, and its credentials.
struct ConnectRequest: Encodable, Sendable {
    var verbose = false
    var pedantic = false
    var tlsRequired: Bool
    var name: String?
    var lang = "swift"
    var version = NATSClient.libraryVersion
    var `protocol` = 1
    var echo = true
    var headers = true
    var noResponders = true
    var user: String?
    var pass: String?
    var authToken: String?
    var jwt: String?
    var nkey: String?
    var sig: String?

    enum CodingKeys: String, CodingKey {
        case verbose, pedantic, tlsRequired = "tls_required", name, lang, version, `protocol`, echo, headers
        case noResponders = "no_responders", user, pass, authToken = "auth_token", jwt, nkey, sig
    }

    func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings, bools and ints cannot fail.
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }
}
