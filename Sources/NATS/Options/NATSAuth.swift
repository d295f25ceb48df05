/// How the client proves who it is in `CONNECT`.
public enum NATSAuth: Sendable, Equatable {
    case none
    case userPassword(user: String, password: String)
    case token(String)
    /// An NKey seed (`SU…`): the client sends its public key and signs the server's nonce with it.
    case nkeySeed(String)
    /// A `.creds` file holding a user JWT and its NKey seed, as `nsc` and `nats` write them.
    case credsFile(path: String)
}
