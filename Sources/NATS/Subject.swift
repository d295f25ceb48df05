/// Subject rules the client checks before sending, so a bad subject is a clear error here rather than a
/// `-ERR` that closes the connection.
enum Subject {
    static func validate(_ subject: String, wildcards: Bool) throws(NATSError) {
        guard !subject.isEmpty else { throw .invalidArgument("empty subject") }
        for byte in subject.utf8 where byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
            throw .invalidArgument("subject '\(subject)' contains whitespace")
        }
        if subject.hasPrefix(".") || subject.hasSuffix(".") || subject.contains("..") {
            throw .invalidArgument("subject '\(subject)' has an empty token")
        }
        if !wildcards, subject.split(separator: ".").contains(where: { $0 == "*" || $0 == ">" }) {
            throw .invalidArgument("'\(subject)' may not contain wildcards")
        }
    }
}
