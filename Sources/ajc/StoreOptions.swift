import ArgumentParser
import AsyncJobs
import AsyncJobsSQLite

/// `--store PATH`, on every command that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store file. Default: $AJ_STORE, else $XDG_DATA_HOME/ajtop/store.sqlite or ~/.local/share/ajtop/store.sqlite.",
            valueName: "path"))
    var store: String?

    func validate() throws {
        // An empty value would otherwise quietly mean "the default store", a different file than asked for.
        if store == "" { throw ValidationError("--store: the path is empty") }
    }

    /// Opens the store, creating it (and its folder, for the default location) on first use.
    func open() throws -> any JobStore { try openSQLite() }

    /// Opens the store for a command that also needs its scheduled tasks.
    func openWithSchedules() throws -> any JobStore & ScheduleStore { try openSQLite() }

    private func openSQLite() throws -> SQLiteStore {
        let path = try StoreLocation.resolve(explicit: store)
        DebugMode.log("opening the SQLite store at \(path)")
        return try SQLiteStore(path: path)
    }
}
