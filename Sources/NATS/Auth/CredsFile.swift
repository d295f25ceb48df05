import Foundation

/// A `.creds` file: a user JWT and the NKey seed that signs for it, between `-----BEGIN …-----` markers.
struct CredsFile: Sendable {
    var jwt: String
    var seed: String

    /// Reads and parses the file at `path`; a missing file or a missing part is an `auth` error naming the path.
    init(path: String) throws(NATSError) {
        let text: String
        do {
            text = try String(contentsOfFile: (path as NSString).expandingTildeInPath, encoding: .utf8)
        } catch {
            throw .auth("cannot read credentials file \(path): \(error.localizedDescription)")
        }
        try self.init(contents: text, source: path)
    }

    init(contents: String, source: String) throws(NATSError) {
        guard let jwt = Self.section(containing: "JWT", in: contents) else {
            throw .auth("no user JWT in credentials file \(source)")
        }
        guard let seed = Self.section(containing: "SEED", in: contents) else {
            throw .auth("no NKey seed in credentials file \(source)")
        }
        self.jwt = jwt
        self.seed = seed
    }

    /// The first non-empty line after a `---…BEGIN … <marker>…---` line.
    private static func section(containing marker: String, in text: String) -> String? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(where: { $0.hasPrefix("---") && $0.contains("BEGIN") && $0.contains(marker) }) else {
            return nil
        }
        return lines[(begin + 1)...].first { !$0.isEmpty && !$0.hasPrefix("---") }
    }
}
