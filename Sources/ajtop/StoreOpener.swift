import AsyncJobs

/// Opens the store ajtop watches.
enum StoreOpener {
    /// The store and how the header names it.
    static func open(path: String?) throws -> (store: any JobStore, label: String) {
        (MemoryStore(), "memory (SQLite store not merged yet)")
    }
}
