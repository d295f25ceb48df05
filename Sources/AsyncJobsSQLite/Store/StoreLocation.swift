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
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        return path
    }

    /// The path by the precedence rules, with `~` expanded; no side effects.
    static func chosenPath(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return (explicit as NSString).expandingTildeInPath }
        if let fromEnvironment = environment["AJ_STORE"], !fromEnvironment.isEmpty {
            return (fromEnvironment as NSString).expandingTildeInPath
        }
        return (dataDirectory(environment: environment) as NSString).appendingPathComponent(fileName)
    }

    /// The file `ajtop --demo` uses unless told otherwise: `demo.sqlite` beside the default store, and
    /// deliberately not `AJ_STORE`, so the demo never writes into a real store by accident. The parent
    /// directory is created if missing.
    public static func demoPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let folder = dataDirectory(environment: environment)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return (folder as NSString).appendingPathComponent(demoFileName)
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
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = (home as NSString).appendingPathComponent(".local/share")
        }
        return (dataHome as NSString).appendingPathComponent("ajtop")
    }
}
