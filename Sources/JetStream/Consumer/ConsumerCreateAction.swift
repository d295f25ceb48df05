/// What a consumer create call may do to a consumer that already exists.
public enum ConsumerCreateAction: String, Sendable {
    /// Create it, or update it when it exists (the plain create of every server version).
    case createOrUpdate = ""
    /// Create it; fail with 10148 when one exists with a different configuration.
    case create
    /// Update it; fail with 10149 when it does not exist.
    case update
}
