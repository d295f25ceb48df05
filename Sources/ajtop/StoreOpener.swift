import AsyncJobs
import AsyncJobsSQLite

/// Opens the store ajtop watches: the SQLite file named by `--store`, `AJ_STORE` or the standard location
/// that `ajc` uses too.
enum StoreOpener {
    /// The store and how the header names it.
    static func open(path: String?) throws -> (store: any JobStore, label: String) {
        let resolved = StoreLocation.resolve(explicit: path)
        return (try SQLiteStore(path: resolved), resolved)
    }
}
