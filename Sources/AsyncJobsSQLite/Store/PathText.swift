import Foundation

/// File path arithmetic on plain strings.
///
/// Foundation's `NSString` path methods trap on some short paths on Linux (`deletingLastPathComponent`
/// of any one-character path is a SIGILL), and a store path comes straight from the user, so the store
/// never hands one to them.
enum PathText {
    /// The folder part of `path`: everything before its last component, without trailing slashes;
    /// `""` when the path is a bare name (`a`, `d/`), `/` for a component right under the root.
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        var folder = trimmed[..<slash]
        while folder.hasSuffix("/") { folder = folder.dropLast() }
        return folder.isEmpty && trimmed.hasPrefix("/") ? "/" : String(folder)
    }

    /// `name` inside `folder`, with exactly one slash between them.
    static func joining(_ folder: String, _ name: String) -> String {
        guard !folder.isEmpty else { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// `path` with a leading `~` or `~/` replaced by `home`; `~user` forms and every other path unchanged.
    static func expandingTilde(in path: String, home: String) -> String {
        if path == "~" { return home }
        guard path.hasPrefix("~/") else { return path }
        return joining(home, String(path.dropFirst(2)))
    }
}
