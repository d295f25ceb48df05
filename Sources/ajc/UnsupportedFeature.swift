/// An asyncjobs command or flag that this `ajc` accepts under its asyncjobs name but cannot carry out:
/// either it only means something on the JetStream store, or the feature behind it is not built yet.
///
/// It is a failed operation (exit 1), reported before the store is opened, so nothing changes; claiming
/// success would leave an asyncjobs script believing its setting took effect.
struct UnsupportedFeature: Error, CustomStringConvertible {
    var description: String

    /// A flag or command that configures JetStream storage (streams, replicas, memory storage).
    static func jetStreamOnly(_ what: String, note: String = "") -> UnsupportedFeature {
        UnsupportedFeature(description: "\(what) applies only to the JetStream store; this store is SQLite\(note.isEmpty ? "" : " (\(note))")")
    }

    /// A feature this version does not have yet.
    static func notYet(_ what: String, hint: String = "") -> UnsupportedFeature {
        UnsupportedFeature(description: "\(what) not supported by this version yet\(hint.isEmpty ? "" : "; \(hint)")")
    }

    /// Throws the first of `refusals` whose flag was given, so that a command refuses before it opens the
    /// store.
    static func refuse(_ refusals: [(given: Bool, refusal: UnsupportedFeature)]) throws(UnsupportedFeature) {
        if let first = refusals.first(where: \.given) { throw first.refusal }
    }
}
