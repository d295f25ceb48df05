import Foundation
import NATS

/// A self-made NATS operator, account and user with their JWTs, so tests can run a server in operator mode
/// and connect with a `.creds` file without `nsc`.
public struct TestOperator: Sendable {
    public let operatorKey = NKeyPair(generating: .operator)
    public let accountKey = NKeyPair(generating: .account)
    public let userKey = NKeyPair(generating: .user)

    public init() {}

    public var operatorJWT: String {
        Self.sign(claims: ["name": "test-operator", "sub": operatorKey.publicKey, "nats": ["type": "operator", "version": 2]], by: operatorKey)
    }

    public var accountJWT: String {
        let limits: [String: Any] = [
            "subs": -1, "data": -1, "payload": -1, "imports": -1, "exports": -1, "wildcards": true, "conn": -1, "leaf": -1,
        ]
        return Self.sign(
            claims: [
                "name": "test-account", "sub": accountKey.publicKey,
                "nats": ["type": "account", "version": 2, "limits": limits, "default_permissions": ["pub": [:], "sub": [:]]],
            ], by: operatorKey)
    }

    public var userJWT: String {
        Self.sign(
            claims: [
                "name": "test-user", "sub": userKey.publicKey,
                "nats": ["type": "user", "version": 2, "pub": [:], "sub": [:], "subs": -1, "data": -1, "payload": -1],
            ], by: accountKey)
    }

    /// The server-side setting that trusts this operator and preloads its account.
    public var authorization: NATSServerConfiguration.Authorization {
        .operatorMode(operatorJWT: operatorJWT, accounts: [accountKey.publicKey: accountJWT])
    }

    /// A `.creds` file for the user, in the layout `nsc` writes.
    public func credsFile() -> String {
        """
        -----BEGIN NATS USER JWT-----
        \(userJWT)
        ------END NATS USER JWT------

        ************************* IMPORTANT *************************
        NKEY Seed printed below can be used to sign and prove identity.

        -----BEGIN USER NKEY SEED-----
        \(userKey.seed)
        ------END USER NKEY SEED------

        *************************************************************

        """
    }

    private static func sign(claims: [String: Any], by issuer: NKeyPair) -> String {
        var claims = claims
        claims["iat"] = Int(Date().timeIntervalSince1970)
        claims["iss"] = issuer.publicKey
        claims["jti"] = UUID().uuidString  // any unique id; servers do not recompute it
        let header = NKeyPair.base64URL(Array(#"{"typ":"JWT","alg":"ed25519-nkey"}"#.utf8))
        let body = NKeyPair.base64URL(Array((try? JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])) ?? Data()))
        let signed = "\(header).\(body)"
        let signature = (try? issuer.sign(Array(signed.utf8))) ?? []
        return "\(signed).\(NKeyPair.base64URL(signature))"
    }
}
