import AsyncJobs

extension JobError {
    /// `error` as the store reports it through ``AsyncJobs/JobStore``: engine errors pass unchanged,
    /// SQLite's become ``JobError/storage(_:)`` carrying its message, or ``JobError/damagedStore(_:)`` when
    /// SQLite found the file malformed.
    init(storeFailure error: any Error) {
        switch error {
        case let error as JobError: self = error
        case let error as SQLiteError where error.isCorrupt: self = .damagedStore(error.description)
        case let error as SQLiteError: self = .storage(error.description)
        default: self = .storage(String(describing: error))
        }
    }
}
