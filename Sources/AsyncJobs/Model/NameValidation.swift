/// The character rule asyncjobs applies to task ids, task types and queue names: `^[a-zA-Z0-9_:-]+$`.
///
/// Names end up in storage keys and, for JetStream, in subjects and stream names, where other characters
/// are unsafe.
public enum NameValidation {
    /// The rule, for error messages.
    public static let pattern = "^[a-zA-Z0-9_:-]+$"

    /// Whether `name` is non-empty and uses only letters, digits, `_`, `:` and `-`.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57)
                || byte == 95 || byte == 58 || byte == 45
        }
    }

    /// Throws ``JobError/invalidName(kind:name:)`` unless `name` is valid.
    public static func check(_ name: String, as kind: String) throws(JobError) {
        guard isValid(name) else { throw .invalidName(kind: kind, name: name) }
    }
}
