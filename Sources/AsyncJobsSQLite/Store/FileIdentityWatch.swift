import AsyncJobs
import Synchronization

/// Notices when the store path no longer names the files this process has open.
///
/// An open SQLite connection keeps using its file after `mv s.sqlite elsewhere` or `rm s.sqlite-wal`:
/// a worker then served a file no other process could see, and commits still in the removed WAL were lost
/// to everyone else. The store compares the path's device and inode (and its `-wal` file's) with those it
/// opened, at most once per ``interval`` of the store's clock, from the calls every long-running process
/// makes often (change tokens).
final class FileIdentityWatch: Sendable {
    /// How often the files are looked at: a few microseconds of `stat` calls each time.
    static let interval: Duration = .seconds(1)

    private let path: String
    private let expected: [String: StoreFile.Identity]
    private let clock: any JobClock
    /// When the files were last looked at, and what was found wrong, which stays wrong: a caller that
    /// swallowed the first report (a waiter's poll) must get it again.
    private let state: Mutex<(lastCheck: Timestamp?, failure: JobError?)> = Mutex((nil, nil))

    /// Watches `path` (and its `-wal` file, when one exists now) for being replaced.
    init(path: String, clock: any JobClock) {
        self.path = path
        self.clock = clock
        var expected: [String: StoreFile.Identity] = [:]
        for file in [path, path + "-wal"] {
            if let identity = StoreFile.at(file)?.identity { expected[file] = identity }
        }
        self.expected = expected
    }

    /// Throws ``JobError/storeReplaced(_:)`` when a watched file is gone or is another file now (and from
    /// then on); looks at the files at most once per ``interval``.
    func check() throws(JobError) {
        let now = clock.now()
        let (due, failure) = state.withLock { state in
            guard state.failure == nil, state.lastCheck.map({ now - $0 >= Self.interval }) ?? true else {
                return (false, state.failure)
            }
            state.lastCheck = now
            return (true, nil)
        }
        if let failure { throw failure }
        guard due, let problem = replacement() else { return }
        state.withLock { $0.failure = problem }
        throw problem
    }

    /// What is wrong with the watched files, or nil when the path still names them.
    private func replacement() -> JobError? {
        for (file, identity) in expected.sorted(by: { $0.key < $1.key }) where StoreFile.at(file)?.identity != identity {
            let what = StoreFile.at(file) == nil ? "was moved or deleted" : "was replaced by another file"
            return .storeReplaced("\(file) \(what) while this process had it open, so its changes would be lost to other processes; restart to open the store now at \(path)")
        }
        return nil
    }
}
