import AsyncJobs
import AsyncJobsSQLite

/// Opens the store ajtop watches: the SQLite file named by `--store`, `AJ_STORE` or the standard location
/// that `ajc` uses too; for `--demo`, `--store` or the separate demo file, never the user's default store.
enum StoreOpener {
    /// The store and how the header names it.
    static func open(path: String?, demo: Bool) throws -> (store: any JobStore, label: String) {
        let resolved = demo && path == nil ? StoreLocation.demoPath() : StoreLocation.resolve(explicit: path)
        return (try SQLiteStore(path: resolved), resolved)
    }
}
