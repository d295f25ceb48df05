import Foundation

/// Where the store file lives when a user does not say: shared by `ajc` and `ajtop` so both find the
/// same file.
public enum StoreLocation {
    /// The file name inside the data directory.
    public static let fileName = "store.sqlite"

    /// The store path to use: `explicit` (from `--store`) when given, else the `AJ_STORE` environment
    /// variable, else `$XDG_DATA_HOME/ajtop/store.sqlite`, else `~/.local/share/ajtop/store.sqlite`.
    ///
    /// The parent directory is created if missing, so a first run just works; if that fails, opening the
    /// store reports why.
    public static func resolve(explicit: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let path = chosenPath(explicit: explicit, environment: environment)
        let parent = PathText.parent(of: path)
        if !parent.isEmpty {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        return path
    }

    /// The path by the precedence rules, with `~` expanded; no side effects.
    ///
    /// An explicit empty path stays empty rather than falling back to `AJ_STORE`: opening it fails with a
    /// clear error instead of silently using another store.
    static func chosenPath(explicit: String?, environment: [String: String]) -> String {
        let home = homeDirectory(environment: environment)
        if let explicit { return PathText.expandingTilde(in: explicit, home: home) }
        if let fromEnvironment = environment["AJ_STORE"], !fromEnvironment.isEmpty {
            return PathText.expandingTilde(in: fromEnvironment, home: home)
        }
        return PathText.joining(dataDirectory(environment: environment), fileName)
    }

    /// The file `ajtop --demo` uses unless told otherwise: `demo.sqlite` beside the default store, and
    /// deliberately not `AJ_STORE`, so the demo never writes into a real store by accident. The parent
    /// directory is created if missing.
    public static func demoPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let folder = dataDirectory(environment: environment)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return PathText.joining(folder, demoFileName)
    }

    /// The file name of the demo store.
    public static let demoFileName = "demo.sqlite"

    /// `$XDG_DATA_HOME/ajtop`, else `~/.local/share/ajtop`.
    static func dataDirectory(environment: [String: String]) -> String {
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            // The XDG spec says relative values are invalid and must be ignored.
            dataHome = xdg
        } else {
            dataHome = PathText.joining(homeDirectory(environment: environment), ".local/share")
        }
        return PathText.joining(dataHome, "ajtop")
    }

    /// `$HOME`, else the user's home directory from the password database.
    static func homeDirectory(environment: [String: String]) -> String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }
}
