import AsyncJobs
import AsyncJobsSQLite

/// Opens the store ajtop watches: the SQLite file named by `--store`, `AJ_STORE` or the standard location
/// that `ajc` uses too; for `--demo`, `--store` or the separate demo file, never the user's default store.
enum StoreOpener {
    /// The store, how the header names it, and why it is read-only when it is (asked for, or a file this
    /// user cannot write).
    static func open(path: String?, demo: Bool, readOnly: Bool) throws
        -> (store: any JobStore, label: String, readOnlyReason: String?) {
        let resolved = demo && path == nil ? StoreLocation.demoPath() : StoreLocation.resolve(explicit: path)
        let store = try SQLiteStore(path: resolved, readOnly: readOnly)
        return (store, resolved, store.readOnlyReason)
    }
}
